"""The seed codebook: the three source articles' metadata, the parties, the issues with
their stance scales, and the dated events. build_seeds.py writes them out with the coded
positions. Stdlib only."""

S0 = "000_fbc38fd1c2920ea7"  # New York Post
S3 = "003_e83826c6e514e7bd"  # RFE/RL
S4 = "004_4d50cd08e9182892"  # Foreign Policy


# --------------------------------------------------------------------------- sources
SOURCES = [
    {
        "key": S0,
        "file": f"articles/{S0}.txt",
        "title": "Russia rejects full cease-fire, but agrees to stop attacks on energy and \u2018infrastructure\u2019 in two-hour Trump call",
        "outlet": "New York Post",
        "author": "",
        "published": "2025-03-18",
        "url": "",
    },
    {
        "key": S3,
        "file": f"articles/{S3}.txt",
        "title": "Putin Vows To Halt Ukraine Energy Strikes, But Zelenskyy Says Russia Seeks To 'Drag Out War'",
        "outlet": "Radio Free Europe/Radio Liberty",
        "author": "",
        "published": "2025-03-18",
        "url": "https://www.rferl.org/a/ukraine-russia-zelenskyy-trump-putin-witkoff-rubio-kursk-hnatov/33350113.html",
    },
    {
        "key": S4,
        "file": f"articles/{S4}.txt",
        "title": "Russia Agrees to Pause Strikes on Ukraine\u2019s Energy Infrastructure After Trump-Putin Call",
        "outlet": "Foreign Policy",
        "author": "Alexandra Sharp",
        "published": "2025-03-18",
        "url": "",
    },
]

# --------------------------------------------------------------------------- parties
# Colours from db.colours.PALETTE (colour-blind safe, every pair ΔE00 ≥ 20): Germany was an
# orange next to Russia's vermillion, France a purple next to the European leaders' pink.
PARTIES = [
    {"key": "russia", "name": "Russia", "short_name": "RU", "colour": "#D55E00",
     "description": "The Russian Federation: President Vladimir Putin, the Kremlin and its readouts (Peskov).",
     "parent": None},
    {"key": "ukraine", "name": "Ukraine", "short_name": "UA", "colour": "#0072B2",
     "description": "Ukraine: President Volodymyr Zelensky(y), chief of staff Andriy Yermak and the government in Kyiv.",
     "parent": None},
    {"key": "united_states", "name": "United States", "short_name": "US", "colour": "#009E73",
     "description": "The United States: President Donald Trump, the White House, envoys Steve Witkoff and Keith Kellogg.",
     "parent": None},
    {"key": "european_leaders", "name": "European leaders", "short_name": "EU", "colour": "#CC79A7",
     "description": "European governments backing Ukraine; a grouping for the individual European states quoted in the articles.",
     "parent": None},
    {"key": "germany", "name": "Germany", "short_name": "DE", "colour": "#999933",
     "description": "Germany, represented by outgoing Chancellor Olaf Scholz (joint news conference with Macron in Berlin, 18 March 2025).",
     "parent": "european_leaders"},
    {"key": "france", "name": "France", "short_name": "FR", "colour": "#332288",
     "description": "France, represented by President Emmanuel Macron (joint news conference with Scholz in Berlin, 18 March 2025).",
     "parent": "european_leaders"},
    {"key": "united_kingdom", "name": "United Kingdom", "short_name": "UK", "colour": "#777777",
     "description": "The United Kingdom, Prime Minister Keir Starmer. Reported only as having spoken with Zelensky after the call; no position is coded for it.",
     "parent": "european_leaders"},
]


# Names that identify each party in a quote (check_seeds.py: a quote must name its party or
# its speaker). Whole words, case-sensitive, so "US" is not "us"; "Russia" also matches
# "Russia's". Speakers are found in attributed_to by the same names.
ALIASES = {
    "russia": ["Russia", "Russian", "Russians", "Putin", "Kremlin", "Moscow", "Peskov",
               "Lavrov", "TASS"],
    "ukraine": ["Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Zelensky", "Zelenskyy",
                "Zelenskiy", "Yermak", "Sovsun"],
    "united_states": ["United States", "US", "U.S.", "U.S.-proposed", "American", "Americans",
                      "Washington", "Trump", "White House", "Witkoff", "Kellogg", "Rubio"],
    "european_leaders": ["Europe", "European", "EU"],
    "germany": ["Germany", "German", "Scholz", "Berlin"],
    "france": ["France", "French", "Macron", "Paris"],
    "united_kingdom": ["United Kingdom", "UK", "Britain", "British", "Starmer", "London"],
}
for _party in PARTIES:
    _party["aliases"] = ALIASES[_party["key"]]


def lv(value, label, description):
    assert len(label) <= 28, label
    return {"value": value, "label": label, "description": description}


# --------------------------------------------------------------------------- issues
ISSUES = [
    {"key": "ceasefire_scope", "name": "Ceasefire scope",
     "description": "How much of the fighting a ceasefire covers, from none to a permanent end of the war. "
                    "The scale measures scope only; whether it is conditional is recorded in status/conditions "
                    "and in the separate issue ceasefire_preconditions.",
     "levels": [
         lv(0, "No ceasefire", "Hostilities continue everywhere; no pause of any kind."),
         lv(1, "Energy infrastructure only", "Strikes on energy facilities (power grid, oil and gas sites) are paused; all other fighting continues."),
         lv(2, "Energy + infrastructure", "Strikes on energy facilities and on other (civilian) infrastructure are paused; front-line fighting continues."),
         lv(3, "Air and sea truce", "Long-range missile, drone and bomb strikes and naval hostilities stop; ground fighting continues."),
         lv(4, "Full ceasefire", "All hostilities stop on land, in the air and at sea (e.g. the US 30-day proposal)."),
         lv(5, "Permanent peace", "The war is ended by a lasting peace settlement."),
     ]},
    {"key": "black_sea_ceasefire", "name": "Black Sea maritime ceasefire",
     "description": "A ceasefire at sea in the Black Sea, negotiated as its own track (White House statement of 18 March 2025).",
     "levels": [
         lv(0, "No maritime truce", "Naval hostilities in the Black Sea continue; no talks on a maritime ceasefire."),
         lv(1, "Talks on maritime truce", "Technical negotiations on implementing a Black Sea ceasefire are agreed or under way."),
         lv(2, "Maritime truce now", "Naval hostilities in the Black Sea stop immediately."),
     ]},
    {"key": "ceasefire_preconditions", "name": "Preconditions for a ceasefire",
     "description": "Whether a (full) ceasefire comes first and unconditionally, or only after other demands are met.",
     "levels": [
         lv(0, "Settlement before truce", "No ceasefire until the terms of a final settlement are agreed."),
         lv(1, "Truce with preconditions", "A ceasefire only once specific preconditions (e.g. an end to aid, mobilization) are met."),
         lv(2, "Unconditional truce first", "Stop the fighting first, without preconditions, then negotiate under the ceasefire."),
     ]},
    {"key": "military_aid", "name": "Foreign military aid to Ukraine",
     "description": "Whether Western/foreign military assistance to Ukraine may continue during a ceasefire or settlement.",
     "levels": [
         lv(0, "Aid continues unrestricted", "Foreign military aid to Ukraine continues without limits."),
         lv(1, "Aid curtailed or paused", "Foreign military aid is reduced, restricted or temporarily paused."),
         lv(2, "All foreign aid must stop", "All foreign military aid to Ukraine is stopped completely."),
     ]},
    {"key": "intelligence_sharing", "name": "Intelligence sharing with Ukraine",
     "description": "Whether foreign intelligence may continue to be provided to Kyiv.",
     "levels": [
         lv(0, "Sharing continues", "Foreign intelligence sharing with Ukraine continues without limits."),
         lv(1, "Sharing curtailed", "Intelligence sharing with Ukraine is reduced, restricted or temporarily paused."),
         lv(2, "All sharing must stop", "All provision of foreign intelligence to Kyiv stops completely."),
     ]},
    {"key": "mobilization", "name": "Ukrainian mobilization",
     "description": "Whether Ukraine may keep mobilizing troops during a ceasefire.",
     "levels": [
         lv(0, "Mobilization unrestricted", "Ukraine continues to mobilize troops as it decides."),
         lv(1, "Mobilization limited", "Ukrainian mobilization is restricted or capped by agreement."),
         lv(2, "Mobilization must halt", "Ukraine halts mobilization entirely."),
     ]},
    {"key": "ceasefire_monitoring", "name": "Monitoring and verification",
     "description": "How a ceasefire is monitored and verified along the line of contact.",
     "levels": [
         lv(0, "No monitoring", "The ceasefire rests on the parties' word, without a verification mechanism."),
         lv(1, "Limited verification", "Verification covers only specific sites or strike types (e.g. energy facilities)."),
         lv(2, "Whole-line monitoring", "Effective monitoring of the ceasefire along the entire line of combat contact."),
     ]},
    {"key": "security_guarantees", "name": "Security guarantees for Ukraine",
     "description": "What external security guarantees Ukraine receives under a peace deal.",
     "levels": [
         lv(0, "No guarantees", "Ukraine receives no external security guarantees."),
         lv(1, "Political assurances", "Ukraine receives non-binding political assurances only."),
         lv(2, "Binding Western guarantees", "Ukraine receives binding security guarantees from its Western partners."),
     ]},
    {"key": "nato_membership", "name": "Ukraine's NATO membership",
     "description": "Whether Ukraine may join NATO (the 'NATO expansion' Russia counts among the root causes).",
     "levels": [
         lv(0, "Ruled out permanently", "Ukraine must never join NATO; NATO expansion must stop."),
         lv(1, "Deferred / off the table", "Membership is not on the agenda now, without being ruled out for good."),
         lv(2, "Eventual membership", "Ukraine is on a path to eventual NATO membership."),
         lv(3, "Membership now", "Ukraine is invited to join NATO now."),
     ]},
    {"key": "prisoner_exchange", "name": "Prisoner-of-war exchange",
     "description": "Exchange and release of prisoners of war.",
     "levels": [
         lv(0, "No exchange", "No prisoners of war are exchanged."),
         lv(1, "Humanitarian releases only", "Only ad hoc releases (e.g. of the seriously wounded)."),
         lv(2, "Agreed POW swap", "An agreed exchange of prisoners of war (e.g. 175 for 175)."),
         lv(3, "All-for-all exchange", "All prisoners of war are exchanged."),
     ]},
    {"key": "children_return", "name": "Return of deported Ukrainian children",
     "description": "Return to Ukraine of Ukrainian children taken to Russia.",
     "levels": [
         lv(0, "No return", "Deported Ukrainian children are not returned."),
         lv(1, "Case-by-case returns", "Some children are returned case by case."),
         lv(2, "Return of all children", "All Ukrainian children taken by Russia are returned."),
     ]},
    {"key": "territory", "name": "Territory",
     "description": "Territorial outcome; higher values concede more territory to Russia.",
     "levels": [
         lv(0, "Restore 1991 borders", "Russia withdraws from all Ukrainian territory, including Crimea."),
         lv(1, "Freeze current line", "Fighting stops on the current line without recognising Russian control."),
         lv(2, "Recognise Russian gains", "Russia's control of the territory it holds is recognised."),
         lv(3, "Cede four claimed regions", "Russia gets all of Donetsk, Luhansk, Zaporizhzhia and Kherson, including land it does not hold."),
     ]},
    {"key": "root_causes", "name": "\"Root causes\" of the conflict",
     "description": "Whether a settlement must 'eliminate the root causes of the crisis' and Russia's 'legitimate interests in the area of security' (Kremlin framing: NATO expansion and other grievances).",
     "levels": [
         lv(0, "Not a negotiating issue", "Russia's 'root causes' framing is rejected; it has no place in talks."),
         lv(1, "Discussed in later talks", "Russia's security concerns may be discussed in later peace talks."),
         lv(2, "Must be eliminated", "Any settlement must eliminate the 'root causes' and meet Russia's security interests."),
     ]},
    {"key": "pressure_on_russia", "name": "Pressure on Russia",
     "description": "Whether outside powers should keep or raise pressure (e.g. sanctions) on Russia to secure peace.",
     "levels": [
         lv(0, "Ease pressure", "Sanctions and other pressure on Russia are eased."),
         lv(1, "Keep up pressure", "Existing pressure on Russia continues."),
         lv(2, "Step up pressure", "Pressure on Russia (sanctions or other means) is increased to compel it."),
     ]},
]

# --------------------------------------------------------------------------- events
EVENTS = [
    {"key": "jeddah_us_ukraine_talks", "date": "2025-03-11", "date_precision": "day",
     "label": "Jeddah US–Ukraine talks",
     "description": "US and Ukrainian delegations meet in Jeddah, Saudi Arabia; Kyiv accepts the US proposal of an immediate 30-day ceasefire ('last week ... following talks in Saudi Arabia').",
     "sources": [S0, S3]},
    {"key": "moscow_refinery_strike", "date": "2025-03-11", "date_precision": "day",
     "label": "Drone strike on Moscow refinery",
     "description": "Ukraine launches a drone attack on the Moscow Oil Refinery (NY Post: 'On March 11').",
     "sources": [S0]},
    {"key": "witkoff_putin_moscow", "date": "2025-03-13", "date_precision": "approximate",
     "label": "Witkoff meets Putin in Moscow",
     "description": "Envoy Steve Witkoff presents the ceasefire agreement to Putin in Moscow and is kept waiting about eight hours. The NY Post says 'on Friday' (14 March) but also 'two days' after Ukraine signed (11 March), i.e. 13 March; other reporting places the meeting on the evening of Thursday 13 March.",
     "sources": [S0]},
    {"key": "trump_putin_call", "date": "2025-03-18", "date_precision": "day",
     "label": "Trump–Putin call",
     "description": "Phone call of 90+ minutes (NY Post: two hours) between Trump and Putin; Russia agrees to pause strikes on energy (and, per the White House, infrastructure) for 30 days, rejects a full ceasefire and states conditions; 175-for-175 POW exchange announced.",
     "sources": [S0, S3, S4]},
    {"key": "sloviansk_strike", "date": "2025-03-18", "date_precision": "day",
     "label": "Strikes after the call",
     "description": "About an hour after the Kremlin said the order was given, a strike hits Sloviansk's energy grid; Zelensky reports at least 40 drone strikes late on 18 March and Yermak a hospital hit in Sumy.",
     "sources": [S0, S3]},
    {"key": "scholz_macron_berlin", "date": "2025-03-18", "date_precision": "day",
     "label": "Scholz–Macron press conference",
     "description": "In Berlin, Scholz and Macron welcome the energy-strike pause as a first step and call for a complete ceasefire as quickly as possible.",
     "sources": [S3]},
    {"key": "jeddah_us_russia_talks", "date": "2025-03-23", "date_precision": "day",
     "label": "US–Russia talks, Jeddah (planned)",
     "description": "New talks between US and Russian representatives planned for 23 March in Jeddah, per Witkoff to Fox News; details still to be finalised at publication.",
     "sources": [S3]},
]

# Cue phrases per level (suggested positions read a stance's level partly from them; the
# analyst edits them in the codebook editor). Written from each level's definition — how
# news prose names that level — not copied from the seed articles' quotes.
CUES = {
    "ceasefire_scope": {
        0: ["no ceasefire", "keep fighting", "continue the war"],
        1: ["energy facilities", "energy infrastructure", "power plants", "energy strikes"],
        2: ["civilian infrastructure", "energy and infrastructure",
            "energy and other infrastructure"],
        3: ["air and sea", "long-range strikes", "air truce", "sea truce",
            "missile and drone strikes"],
        4: ["full ceasefire", "complete ceasefire", "30-day ceasefire", "unconditional ceasefire",
            "all hostilities", "stop the fighting", "halt to all fighting"],
        5: ["peace agreement", "peace deal", "lasting peace", "end the war", "ending the war",
            "peace settlement", "permanent peace"],
    },
    "black_sea_ceasefire": {
        0: ["naval hostilities continue"],
        1: ["technical talks", "implementing measures", "technical teams"],
        2: ["safe navigation", "eliminate the use of force", "maritime ceasefire",
            "Black Sea ceasefire"],
    },
    "ceasefire_preconditions": {
        0: ["final settlement first", "peace agreement first", "not a mere ceasefire",
            "directly to a peace agreement"],
        1: ["preconditions", "only after", "nuances", "root causes first"],
        2: ["without preconditions", "unconditional", "ceasefire first", "stop the killing first"],
    },
    "military_aid": {
        0: ["keep supplying", "continue military aid", "continue to arm"],
        1: ["pause military aid", "paused aid", "reduce aid"],
        2: ["halt to military aid", "stop arming", "end all military aid",
            "cessation of foreign military aid"],
    },
    "intelligence_sharing": {
        0: ["resume intelligence sharing", "intelligence sharing continues"],
        1: ["pause intelligence sharing", "paused intelligence"],
        2: ["halt intelligence sharing", "stop providing intelligence",
            "cessation of intelligence"],
    },
    "mobilization": {
        0: ["continue mobilization"],
        1: ["limit mobilization", "cap on mobilization"],
        2: ["halt mobilization", "stop mobilization", "forced mobilization", "rearm"],
    },
    "ceasefire_monitoring": {
        0: ["no monitoring", "no verification"],
        1: ["monitor energy strikes", "verify strikes on energy"],
        2: ["control and verification", "monitoring along the entire front", "monitoring mission",
            "monitors"],
    },
    "security_guarantees": {
        0: ["no security guarantees", "no foreign troops"],
        1: ["security assurances", "political assurances"],
        2: ["security guarantees", "peacekeepers", "reassurance force", "troops on the ground",
            "Article 5"],
    },
    "nato_membership": {
        0: ["never join NATO", "NATO expansion", "neutral status", "neutrality"],
        1: ["NATO membership is off the table", "not on the agenda"],
        2: ["path to NATO", "irreversible path", "NATO membership"],
        3: ["join NATO now", "invitation to join NATO"],
    },
    "prisoner_exchange": {
        0: ["no exchange"],
        1: ["seriously wounded", "humanitarian release"],
        2: ["prisoner exchange", "prisoner swap", "exchange of prisoners", "POW swap"],
        3: ["all for all", "all-for-all"],
    },
    "children_return": {
        0: [],
        1: ["return of some children", "case by case"],
        2: ["return of all children", "deported children", "abducted children"],
    },
    "territory": {
        0: ["1991 borders", "withdraw from all", "liberate all territories", "never recognise"],
        1: ["freeze the front", "current line", "line of contact", "freeze the conflict"],
        2: ["recognise Russian control", "recognize Russian control", "territorial concessions",
            "de facto recognition"],
        3: ["four regions", "withdraw from Donetsk", "entire Donbas", "new regions"],
    },
    "root_causes": {
        0: ["root causes are a pretext"],
        1: ["security concerns discussed later"],
        2: ["root causes", "primary causes", "legitimate interests",
            "legitimate security concerns"],
    },
    "pressure_on_russia": {
        0: ["lift sanctions", "ease sanctions", "sanctions relief"],
        1: ["keep up the pressure", "maintain sanctions", "keep sanctions"],
        2: ["more sanctions", "new sanctions", "tougher sanctions", "secondary tariffs",
            "increase pressure", "strengthen sanctions"],
    },
}
for _issue in ISSUES:
    for _level in _issue["levels"]:
        _level["cues"] = CUES[_issue["key"]][_level["value"]]
