#!/usr/bin/env python3
"""Generate sources.json, codebook.json and positions.json for the Parley seed data.

Quotes are written here in a forgiving form and resolved against the article text:
a space in a snippet matches a space or a no-break space, and straight quote marks
match their curly forms.  What is stored is always the exact substring of the article
(first occurrence) together with its Python str offset, so the stored quote is verbatim.

Stdlib only.  Run:  python3 build_seeds.py && python3 check_seeds.py
"""
import json
import os
import re
import sys

from seed_codebook import EVENTS, ISSUES, PARTIES, S0, S3, S4, SOURCES

HERE = os.path.dirname(os.path.abspath(__file__))

CALL = "2025-03-18"
JEDDAH = "2025-03-11"


def read(key):
    with open(os.path.join(HERE, "articles", key + ".txt"), encoding="utf-8", newline="") as fh:
        return fh.read()


TEXTS = {k: read(k) for k in (S0, S3, S4)}


def locate(source, snippet):
    """Return (verbatim_quote, start) for the first occurrence of snippet in the article."""
    text = TEXTS[source]
    parts = []
    for ch in snippet:
        if ch == " ":
            parts.append("[ \u00a0]")
        elif ch in "'\u2018\u2019":
            parts.append("['\u2018\u2019]")
        elif ch in '"\u201c\u201d':
            parts.append('["\u201c\u201d]')
        else:
            parts.append(re.escape(ch))
    m = re.search("".join(parts), text)
    if not m:
        sys.exit(f"quote not found in {source}: {snippet!r}")
    quote, start = m.group(0), m.start()
    assert text.find(quote) == start, (source, snippet)
    return quote, start


# --------------------------------------------------------------------------- positions
# Each tuple-like dict below is expanded into a full record.
P = []


def pos(key, party, issue, level, status, source, snippet, *, on=CALL, prec="day",
        by, kind, conf, notes, conditions=None, ctx=None):
    """ctx: when the quote does not name its party or speaker, a snippet from the start of
    the sentence (or paragraph) that does and that the quote continues ("We agreed ..."
    continues "Trump ... in a post to Truth Social"); stored as context_start/context_end."""
    quote, start = locate(source, snippet)
    record = {
        "key": key, "party": party, "issue": issue, "level": level,
        "stated_on": on, "date_precision": prec, "status": status,
        "attributed_to": by, "attribution_kind": kind, "source": source,
        "quote": quote, "quote_start": start,
        "conditions": conditions or [], "confidence": conf, "notes": notes,
    }
    if ctx is not None:
        # from the naming sentence's start to whichever ends later, it or the quote
        text, cstart = locate(source, ctx)
        record["context_start"] = cstart
        record["context_end"] = max(cstart + len(text), start + len(quote))
    P.append(record)


def cond(party, issue, level, text):
    return {"party": party, "issue": issue, "level": level, "text": text}


RU_FULL_CONDS = [
    cond("united_states", "military_aid", 2, "Complete cessation of foreign military aid to Kyiv."),
    cond("united_states", "intelligence_sharing", 2, "Complete cessation of the provision of intelligence information to Kyiv."),
    cond("ukraine", "mobilization", 2, "Halt to Ukrainian mobilization."),
    cond(None, "ceasefire_monitoring", 2, "Effective monitoring of a possible ceasefire along the entire line of combat contact."),
]

# ======================= 000 New York Post =======================
pos("ru-scope-rejects-full-nyp-000", "russia", "ceasefire_scope", 4, "rejects", S0,
    "Russian President Vladimir Putin rejected President Trump’s proposal of a full, unconditional cease-fire with Ukraine on Tuesday",
    by="Article narration (New York Post)", kind="media_paraphrase", conf=0.85,
    notes="Russia declines the full (30-day) ceasefire on the call; consistent across all three articles.")
pos("ru-scope-agrees-energy-infra-nyp-000", "russia", "ceasefire_scope", 2, "agrees", S0,
    "but agreed to halt attacks on “energy and infrastructure”",
    by="Article narration (New York Post)", kind="media_paraphrase", conf=0.6,
    ctx="Russian President Vladimir Putin rejected President Trump’s proposal of a full, unconditional cease-fire with Ukraine on Tuesday, but agreed to halt attacks",
    notes="Lead paragraph uses the US wording 'energy and infrastructure'; the same article later reports the Kremlin limited it to 'energy infrastructure' (see ru-scope-offers-energy-only-kremlin-000). Disputed scope: level 2 vs 1.")
pos("ru-aid-demands-halt-kremlin-000", "russia", "military_aid", 2, "demands", S0,
    "the Russian president demanded that Trump cut all military and intelligence assistance to Ukraine, according to a readout from the Kremlin",
    by="Kremlin readout (as reported by the New York Post)", kind="official_statement", conf=0.85,
    notes="Kremlin account of the call. Trump denies aid was discussed (ru-aid-denied-by-trump-fox-000).")
pos("ru-intel-demands-halt-kremlin-000", "russia", "intelligence_sharing", 2, "demands", S0,
    "the Russian president demanded that Trump cut all military and intelligence assistance to Ukraine, according to a readout from the Kremlin",
    by="Kremlin readout (as reported by the New York Post)", kind="official_statement", conf=0.85,
    notes="Same readout sentence as the aid demand; intelligence coded separately.")
pos("ru-aid-denied-by-trump-fox-000", "russia", "military_aid", 2, "denies", S0,
    "Trump in a Fox News interview denied the leaders discussed aid “at all.”",
    by="Trump in Fox News interview", kind="other_party_claim", conf=0.75,
    notes="Trump denies that a halt to aid was discussed at all, i.e. that Putin put level 2 on the table; contradicts the Kremlin readout (ru-aid-demands-halt-kremlin-000). The US stance on aid itself is not stated (the White House summary's silence and aid 'continuing to flow' are no stance). Coded for Russia, the party the claim is about, so the two accounts meet in the conflicts view. Not also coded for intelligence_sharing: whether 'aid' covers intelligence is unclear.")
pos("ru-pow-agrees-swap-kremlin-000", "russia", "prisoner_exchange", 2, "agrees", S0,
    "the Kremlin announced Russia and Ukraine would release 175 of each other’s prisoners of war, with Moscow also freeing “23 seriously wounded Ukrainian servicemen”",
    by="Kremlin announcement", kind="official_statement", conf=0.9,
    notes="175-for-175 swap plus a unilateral humanitarian release of 23 wounded; coded at the swap level (2).")
pos("ua-pow-agrees-swap-kremlin-000", "ukraine", "prisoner_exchange", 2, "agrees", S0,
    "the Kremlin announced Russia and Ukraine would release 175 of each other’s prisoners of war",
    by="Kremlin announcement", kind="other_party_claim", conf=0.6,
    notes="Ukraine's participation is stated by the Kremlin, not by Kyiv, in this article.")
pos("us-scope-agrees-energy-infra-truth-000", "united_states", "ceasefire_scope", 2, "agrees", S0,
    "We agreed to an immediate Ceasefire on all Energy and Infrastructure",
    by="Trump on Truth Social", kind="leader_own_words", conf=0.9,
    ctx='Trump called the call “very good and productive” in a post to Truth Social. \n\n“We agreed to an immediate Ceasefire on all Energy and Infrastructure, with an understanding that we will be working quickly to have a Complete Ceasefire and, ultimately, an END to this very horrible War between Russia and Ukraine,” he said.',
    notes="US wording: energy AND infrastructure (level 2), broader than the Kremlin's 'energy infrastructure' (level 1).")
pos("ru-scope-agrees-energy-infra-truth-000", "russia", "ceasefire_scope", 2, "agrees", S0,
    "We agreed to an immediate Ceasefire on all Energy and Infrastructure",
    by="Trump on Truth Social", kind="other_party_claim", conf=0.55, ctx='Trump called the call “very good and productive” in a post to Truth Social. \n\n“We agreed to an immediate Ceasefire on all Energy and Infrastructure, with an understanding that we will be working quickly to have a Complete Ceasefire and, ultimately, an END to this very horrible War between Russia and Ukraine,” he said.',
    notes="'We' is Trump and Putin: Trump's account of Russia's agreement, at the US wording 'energy and infrastructure' (level 2). The Kremlin (NY Post) says energy infrastructure only.")
pos("us-scope-supports-complete-truth-000", "united_states", "ceasefire_scope", 4, "supports", S0,
    "we will be working quickly to have a Complete Ceasefire",
    by="Trump on Truth Social", kind="leader_own_words", conf=0.85,
    ctx='Trump called the call “very good and productive” in a post to Truth Social. \n\n“We agreed to an immediate Ceasefire on all Energy and Infrastructure, with an understanding that we will be working quickly to have a Complete Ceasefire and, ultimately, an END to this very horrible War between Russia and Ukraine,” he said.',
    notes="Full ceasefire remains the US next-step goal after the partial pause.")
pos("us-scope-supports-end-war-truth-000", "united_states", "ceasefire_scope", 5, "supports", S0,
    "ultimately, an END to this very horrible War between Russia and Ukraine",
    by="Trump on Truth Social", kind="leader_own_words", conf=0.85,
    ctx='Trump called the call “very good and productive” in a post to Truth Social. \n\n“We agreed to an immediate Ceasefire on all Energy and Infrastructure, with an understanding that we will be working quickly to have a Complete Ceasefire and, ultimately, an END to this very horrible War between Russia and Ukraine,” he said.',
    notes="End of the war as the ultimate US aim.")
pos("ru-scope-supports-end-war-trump-000", "russia", "ceasefire_scope", 5, "supports", S0,
    "both President Putin and President Zelenskyy would like to see it end",
    by="Trump on Truth Social", kind="other_party_claim", conf=0.4,
    notes="Trump's claim about Putin's wishes; Zelensky (003) says Putin seeks to drag out the war.")
pos("ua-scope-supports-end-war-trump-000", "ukraine", "ceasefire_scope", 5, "supports", S0,
    "both President Putin and President Zelenskyy would like to see it end",
    by="Trump on Truth Social", kind="other_party_claim", conf=0.5,
    notes="The other side of Trump's sentence: his claim that Zelensky wants the war to end.")
pos("ru-scope-offers-energy-only-kremlin-000", "russia", "ceasefire_scope", 1, "offers", S0,
    "the Kremlin specified that only “energy infrastructure” would be subject to the ceasefire, should Kyiv agree",
    by="Kremlin readout (as reported by the New York Post)", kind="official_statement", conf=0.85,
    notes="A conditional offer (should Kyiv agree), kept as offers with its condition linked, so it counts as conditional. Kremlin scope is energy infrastructure only, so attacks on other civilian infrastructure continue. Conflicts with the White House/Trump 'energy and infrastructure' (level 2).",
    conditions=[cond("ukraine", "ceasefire_scope", 1, "Kyiv must agree to stop strikes on Russian energy infrastructure in return.")])
pos("ua-scope-supports-partial-zelensky-000", "ukraine", "ceasefire_scope", 1, "supports", S0,
    "if there is a partial ceasefire, this is a positive result",
    by="Zelensky to reporters (via ABC News)", kind="leader_own_words", conf=0.6,
    ctx="Ukrainian President Volodymyr Zelensky told reporters Tuesday afternoon that “if there is a partial ceasefire, this is a positive result”",
    notes="Zelensky welcomes a partial ceasefire while expressing scepticism Russia will comply. Which partial version (1 or 2) is unspecified; coded at 1, the scope Russia actually ordered.")
pos("ru-scope-agrees-order-kremlin-000", "russia", "ceasefire_scope", 1, "agrees", S0,
    "the Kremlin said Putin “immediately gave the Russian military the appropriate command,”",
    by="Kremlin statement", kind="official_statement", conf=0.8,
    notes="Given without a condition, whereas the Kremlin readout (ru-scope-offers-energy-only-kremlin-000) makes the energy pause depend on Kyiv agreeing: a conditions conflict. Order to stop strikes on energy infrastructure; Ukraine says a strike on Sloviansk's grid followed within an hour.")
pos("ru-scope-violation-sloviansk-nyp-000", "russia", "ceasefire_scope", 1, "alleged_violation", S0,
    "Russia broke the cease-fire with an attack affecting the energy grid in Sloviansk, Ukraine.",
    by="Article narration (New York Post)", kind="media_paraphrase", conf=0.6,
    notes="A compliance allegation, not a stance: the energy pause Russia ordered (level 1) broken within an hour.")
pos("ru-scope-violation-sovsun-000", "russia", "ceasefire_scope", 1, "alleged_violation", S0,
    "Putin backed Trump’s 30-day pause on energy strikes—then broke his word in less than an hour.",
    by="Inna Sovsun, Ukrainian MP, on X", kind="other_party_claim", conf=0.45,
    notes="An opposition MP's compliance allegation (Sloviansk), not a position: coded as an alleged violation of the energy pause (level 1). Her 'Putin backed' the pause is not coded as a separate agreement; the Kremlin's own order is.")
pos("ua-scope-accepts-30day-jeddah-nyp-000", "ukraine", "ceasefire_scope", 4, "accepts", S0,
    "Ukrainian President Volodymyr Zelensky agreed to Trump’s provisional proposal of an unconditional cease-fire last week",
    on=JEDDAH, by="Article narration (New York Post)", kind="media_paraphrase", conf=0.85,
    notes="'Last week' = Jeddah talks, 11 March 2025. The article adds it is unclear whether Kyiv would accept the modified (energy) truce.")
pos("ua-precond-accepts-unconditional-nyp-000", "ukraine", "ceasefire_preconditions", 2, "accepts", S0,
    "Ukrainian President Volodymyr Zelensky agreed to Trump’s provisional proposal of an unconditional cease-fire last week",
    on=JEDDAH, by="Article narration (New York Post)", kind="media_paraphrase", conf=0.8,
    notes="Acceptance of an unconditional ceasefire at Jeddah (11 March).")
pos("us-scope-supports-rest-aims-wh-000", "united_states", "ceasefire_scope", 4, "supports", S0,
    "discussions will continue on how to achieve the rest of the US president’s cease-fire aims",
    by="White House (as paraphrased by the New York Post)", kind="official_statement", conf=0.7,
    notes="The full ceasefire remains the US aim.")
pos("us-scope-agrees-energy-infra-wh-000", "united_states", "ceasefire_scope", 2, "agrees", S0,
    "The leaders agreed that the movement to peace will begin with an energy and infrastructure ceasefire",
    by="White House statement", kind="official_statement", conf=0.9,
    ctx='“The leaders agreed that the movement to peace will begin with an energy and infrastructure ceasefire, as well as technical negotiations on the implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace,” the White House said in a statement.',
    notes="Official US wording: energy and infrastructure.")
pos("ru-scope-agrees-energy-infra-wh-000", "russia", "ceasefire_scope", 2, "agrees", S0,
    "The leaders agreed that the movement to peace will begin with an energy and infrastructure ceasefire",
    by="White House statement", kind="other_party_claim", conf=0.55,
    ctx='“The leaders agreed that the movement to peace will begin with an energy and infrastructure ceasefire, as well as technical negotiations on the implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace,” the White House said in a statement.',
    notes="US account of Russia's agreement; Kremlin says energy infrastructure only.")
pos("us-blacksea-agrees-talks-wh-000", "united_states", "black_sea_ceasefire", 1, "agrees", S0,
    "technical negotiations on the implementation of a maritime ceasefire in the Black Sea",
    by="White House statement", kind="official_statement", conf=0.9,
    ctx='“The leaders agreed that the movement to peace will begin with an energy and infrastructure ceasefire, as well as technical negotiations on the implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace,” the White House said in a statement.',
    notes="Talks on a Black Sea ceasefire, not an immediate maritime truce.")
pos("ru-blacksea-agrees-talks-wh-000", "russia", "black_sea_ceasefire", 1, "agrees", S0,
    "technical negotiations on the implementation of a maritime ceasefire in the Black Sea",
    by="White House statement", kind="other_party_claim", conf=0.6,
    ctx='“The leaders agreed that the movement to peace will begin with an energy and infrastructure ceasefire, as well as technical negotiations on the implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace,” the White House said in a statement.',
    notes="'The leaders agreed' - the US account of Russia's agreement; not confirmed by a Kremlin quote in the articles.")
pos("us-scope-supports-permanent-peace-wh-000", "united_states", "ceasefire_scope", 5, "supports", S0,
    "technical negotiations on the implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace",
    by="White House statement", kind="official_statement", conf=0.8,
    ctx='“The leaders agreed that the movement to peace will begin with an energy and infrastructure ceasefire, as well as technical negotiations on the implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace,” the White House said in a statement.',
    notes="Technical negotiations toward a full ceasefire and permanent peace to begin immediately in the Middle East.")
pos("ru-scope-defers-full-wh-000", "russia", "ceasefire_scope", 4, "defers", S0,
    "technical negotiations on the implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace",
    by="White House statement", kind="other_party_claim", conf=0.55, ctx='“The leaders agreed that the movement to peace will begin with an energy and infrastructure ceasefire, as well as technical negotiations on the implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace,” the White House said in a statement.',
    notes="'The leaders agreed' to negotiations on a full ceasefire: per the White House, Russia leaves it to talks. Deferred, not rejected; the rejection of an immediate full ceasefire is coded separately.")
pos("us-scope-proposes-30day-nyp-000", "united_states", "ceasefire_scope", 4, "proposes", S0,
    "Trump and his national security team have been trying to get Putin to agree to the same 30-day deal",
    by="Article narration (New York Post)", kind="media_paraphrase", conf=0.85,
    notes="The 30-day full ceasefire Kyiv accepted at Jeddah.")
pos("us-precond-no-terms-officials-000", "united_states", "ceasefire_preconditions", 2, "proposes", S0,
    "It involved no terms other than a commitment to diplomatic talks, a pause on all hostilities",
    on=JEDDAH, by="US administration officials (via the New York Post)", kind="official_statement", conf=0.75,
    ctx='The US proposal was designed to reveal which party to the war was ready to talk peace, administration officials have said. It involved no terms other than a commitment to diplomatic talks, a pause on all hostilities, the exchange of prisoners of war and the return of Ukrainian children that Russians have kidnapped.',
    notes="Content of the US 30-day proposal tabled at Jeddah (11 March).")
pos("us-pow-proposes-exchange-officials-000", "united_states", "prisoner_exchange", 2, "proposes", S0,
    "the exchange of prisoners of war",
    on=JEDDAH, by="US administration officials (via the New York Post)", kind="official_statement", conf=0.7,
    ctx='The US proposal was designed to reveal which party to the war was ready to talk peace, administration officials have said. It involved no terms other than a commitment to diplomatic talks, a pause on all hostilities, the exchange of prisoners of war and the return of Ukrainian children that Russians have kidnapped.',
    notes="Part of the US 30-day proposal; size unspecified, coded as an agreed swap (2).")
pos("us-children-proposes-return-officials-000", "united_states", "children_return", 2, "proposes", S0,
    "the return of Ukrainian children that Russians have kidnapped",
    on=JEDDAH, by="US administration officials (via the New York Post)", kind="official_statement", conf=0.75,
    ctx='The US proposal was designed to reveal which party to the war was ready to talk peace, administration officials have said. It involved no terms other than a commitment to diplomatic talks, a pause on all hostilities, the exchange of prisoners of war and the return of Ukrainian children that Russians have kidnapped.',
    notes="Part of the US 30-day proposal.")
pos("us-precond-stop-killing-kellogg-000", "united_states", "ceasefire_preconditions", 2, "proposes", S0,
    "the president has been pushing for Russia and Ukraine to first “stop the killing,” then hold negotiations under a cease-fire",
    prec="approximate", by="Special envoy Gen. Keith Kellogg (via the New York Post)", kind="official_statement", conf=0.8,
    ctx="Since the start of the Trump administration, the president has been pushing for",
    notes="'Pushing for' is proposing, not demanding. Standing US position 'since the start of the Trump administration' (January 2025); dated to publication, approximate.")
pos("ru-scope-declines-witkoff-nyp-000", "russia", "ceasefire_scope", 4, "defers", S0,
    "Putin sent Witkoff home to Washington with little more than a demand that Trump call him directly to discuss the potential deal.",
    on="2025-03-14", by="Article narration (New York Post)", kind="media_paraphrase", conf=0.5,
    ctx="The Kremlin tyrant could have signed the cease-fire on Friday",
    notes="Putin did not sign when Witkoff presented the agreement and sent him back with a demand for a direct call: a deferral, not a rejection. Dated as the article says, Friday 14 March (other reporting: the evening of 13 March).")
pos("ua-scope-accepts-inked-nyp-000", "ukraine", "ceasefire_scope", 4, "accepts", S0,
    "the agreement that Ukraine had inked two days before",
    on="2025-03-12", by="Article narration (New York Post)", kind="media_paraphrase", conf=0.6,
    notes="'Two days' before Witkoff's Friday (14 March) visit puts Kyiv's signature on 12 March; the Jeddah talks and the other accounts put it on 11 March. A date conflict, shown in the conflicts view rather than settled here.")

# ======================= 003 RFE/RL =======================
pos("ru-scope-agrees-energy-infra-rfe-003", "russia", "ceasefire_scope", 2, "agrees", S3,
    "Russian President Vladimir Putin agreed during talks with US President Donald Trump to halt strikes on Ukraine's energy sector and infrastructure for 30 days as a step toward reaching a full cease-fire.",
    by="Article narration (RFE/RL)", kind="media_paraphrase", conf=0.65,
    notes="RFE/RL follows the broader US wording (energy sector and infrastructure); Kremlin version elsewhere is energy only.")
pos("us-scope-goal-full-rfe-003", "united_states", "ceasefire_scope", 4, "proposes", S3,
    "Trump's goal of an immediate cease-fire across all theaters of the war",
    by="Article narration (RFE/RL)", kind="media_paraphrase", conf=0.85,
    notes="The US sought a full, immediate ceasefire on the call.")
pos("ru-scope-rejects-peace-zelensky-003", "russia", "ceasefire_scope", 5, "rejects", S3,
    "saying the result showed that Putin isn't interested in peace and was determined \"to drag out the war.\"",
    by="Zelensky (reported by RFE/RL)", kind="other_party_claim", conf=0.45,
    notes="Ukraine's characterisation of Russia's stance; contrasts with Trump's claim that Putin would like the war to end.")
pos("us-scope-agrees-energy-infra-wh-003", "united_states", "ceasefire_scope", 2, "agrees", S3,
    "agreed that the movement to peace will begin with an energy and infrastructure cease-fire.",
    by="White House statement", kind="official_statement", conf=0.9,
    ctx='A White House statement on the call said Trump and Putin "agreed that the movement to peace will begin with an energy and infrastructure cease-fire."',
    notes="RFE/RL's rendering of the White House statement (hyphenated 'cease-fire').")
pos("ru-scope-agrees-energy-infra-wh-003", "russia", "ceasefire_scope", 2, "agrees", S3,
    "agreed that the movement to peace will begin with an energy and infrastructure cease-fire.",
    by="White House statement", kind="other_party_claim", conf=0.55, ctx='A White House statement on the call said Trump and Putin "agreed that the movement to peace will begin with an energy and infrastructure cease-fire."',
    notes="The White House says Trump and Putin agreed: Russia's stance as the US reports it (level 2); the Kremlin (NY Post) says energy infrastructure only.")
pos("us-scope-agrees-energy-infra-truth-003", "united_states", "ceasefire_scope", 2, "agrees", S3,
    "We agreed to an immediate Ceasefire on all Energy and Infrastructure",
    by="Trump on Truth Social", kind="leader_own_words", conf=0.9,
    ctx='On his Truth Social platform, Trump described the call as "very good and productive."\n\n"We agreed to an immediate Ceasefire on all Energy and Infrastructure',
    notes="Same post as in the NY Post article.")
pos("ru-scope-agrees-energy-infra-truth-003", "russia", "ceasefire_scope", 2, "agrees", S3,
    "We agreed to an immediate Ceasefire on all Energy and Infrastructure",
    by="Trump on Truth Social", kind="other_party_claim", conf=0.55, ctx='On his Truth Social platform, Trump described the call as "very good and productive."\n\n"We agreed to an immediate Ceasefire on all Energy and Infrastructure',
    notes="'We' is Trump and Putin: Trump's account of Russia's agreement (level 2).")
pos("ru-scope-supports-end-war-trump-003", "russia", "ceasefire_scope", 5, "supports", S3,
    "both President Putin and President Zelenskyy would like to see it end",
    by="Trump on Truth Social", kind="other_party_claim", conf=0.4,
    notes="Trump's claim about Putin's wishes (as in the NY Post); Zelensky says Putin seeks to drag out the war.")
pos("ua-scope-supports-end-war-trump-003", "ukraine", "ceasefire_scope", 5, "supports", S3,
    "both President Putin and President Zelenskyy would like to see it end",
    by="Trump on Truth Social", kind="other_party_claim", conf=0.5,
    notes="Trump's claim that Zelensky wants the war to end.")
pos("ru-precond-demands-rfe-003", "russia", "ceasefire_preconditions", 1, "demands", S3,
    "But Putin put forward preconditions for any further steps, including a halt of military aid and intelligence to Ukraine",
    by="Article narration (RFE/RL, based on the Kremlin readout)", kind="media_paraphrase", conf=0.85,
    notes="Russia makes further steps conditional; RFE/RL adds Kyiv will almost certainly reject.",
    conditions=[RU_FULL_CONDS[0], RU_FULL_CONDS[1]])
pos("ua-scope-accepts-30day-jeddah-rfe-003", "ukraine", "ceasefire_scope", 4, "conditions", S3,
    "Ukraine last week agreed to Trump's immediate cease-fire pending Russia's acceptance of the same terms.",
    on=JEDDAH, by="Article narration (RFE/RL)", kind="media_paraphrase", conf=0.85,
    notes="Jeddah, 11 March. 'Pending Russia's acceptance': a conditional acceptance, where the NY Post reports an unconditional one (a conditions conflict).",
    conditions=[cond("russia", "ceasefire_scope", 4, "Russia accepts the same terms (a full 30-day ceasefire).")])
pos("ru-scope-defers-full-leaders-003", "russia", "ceasefire_scope", 4, "defers", S3,
    'Trump and Putin said their respective diplomats will continue discussions to arrive at a full cease-fire, something that could take months.',
    by="Trump and Putin (reported by RFE/RL)", kind="leader_own_words", conf=0.8,
    notes="Reported speech of both leaders: a full ceasefire is left to further talks. Deferred, not rejected.")
pos("us-scope-defers-full-leaders-003", "united_states", "ceasefire_scope", 4, "defers", S3,
    'Trump and Putin said their respective diplomats will continue discussions to arrive at a full cease-fire, something that could take months.',
    by="Trump and Putin (reported by RFE/RL)", kind="leader_own_words", conf=0.8,
    notes="The US side of the same sentence: the full ceasefire it seeks is under negotiation.")
pos("ru-scope-conditions-full-kremlin-003", "russia", "ceasefire_scope", 4, "conditions", S3,
    "Putin raised a number of issues including effective monitoring of a possible cease-fire along the entire line of combat contact as well as a halt to Ukrainian mobilization and Western military assistance for Kyiv.",
    by="Kremlin readout (as reported by RFE/RL)", kind="official_statement", conf=0.75,
    notes="'Raised' issues for 'a possible cease-fire', read with the readout's 'key condition' sentence: a full ceasefire only with conditions: end of foreign military aid and intelligence (the 'key condition'), halt to Ukrainian mobilization, monitoring of the whole line.",
    conditions=RU_FULL_CONDS)
pos("ru-monitoring-demands-kremlin-003", "russia", "ceasefire_monitoring", 2, "proposes", S3,
    'Putin raised a number of issues including effective monitoring of a possible cease-fire along the entire line of combat contact as well as a halt to Ukrainian mobilization and Western military assistance for Kyiv.',
    by="Kremlin readout (as reported by RFE/RL)", kind="official_statement", conf=0.8,
    notes="'Raised' is not 'demands': put on the table as an issue for a full ceasefire.")
pos("ru-mobilization-demands-halt-kremlin-003", "russia", "mobilization", 2, "proposes", S3,
    'Putin raised a number of issues including effective monitoring of a possible cease-fire along the entire line of combat contact as well as a halt to Ukrainian mobilization and Western military assistance for Kyiv.',
    by="Kremlin readout (as reported by RFE/RL)", kind="official_statement", conf=0.8,
    notes="'Raised' is not 'demands': put on the table as an issue for a full ceasefire. Zelensky reports it too (ru-mobilization-proposes-zelensky-003).")
pos("ru-aid-demands-halt-kremlin-rfe-003", "russia", "military_aid", 2, "demands", S3,
    "the complete cessation of foreign military aid",
    by="Kremlin readout (quoted by RFE/RL)", kind="official_statement", conf=0.9,
    ctx='"It was emphasized that the key condition for preventing the escalation of the conflict and working toward its resolution through political and diplomatic means should be the complete cessation of foreign military aid and the provision of intelligence information to Kyiv," the Kremlin said.',
    notes="Direct quote of the readout: the 'key condition' for preventing escalation and for a political-diplomatic resolution. Trump says aid was not discussed.")
pos("ru-intel-demands-halt-kremlin-003", "russia", "intelligence_sharing", 2, "demands", S3,
    "the complete cessation of foreign military aid and the provision of intelligence information to Kyiv",
    by="Kremlin readout (quoted by RFE/RL)", kind="official_statement", conf=0.9,
    ctx='"It was emphasized that the key condition for preventing the escalation of the conflict and working toward its resolution through political and diplomatic means should be the complete cessation of foreign military aid and the provision of intelligence information to Kyiv," the Kremlin said.',
    notes="Same 'key condition' sentence: complete cessation of intelligence provision to Kyiv.")
pos("ru-aid-denied-by-trump-fox-003", "russia", "military_aid", 2, "denies", S3,
    "Trump said that aid to Ukraine was not discussed in the call.",
    by="Trump to Fox News", kind="other_party_claim", conf=0.75,
    notes="Reported speech: Trump denies that Putin raised aid, contradicting the Kremlin readout (ru-aid-demands-halt-kremlin-rfe-003). Coded for Russia, the party the claim is about.")
pos("ru-rootcauses-demands-kremlin-003", "russia", "root_causes", 2, "demands", S3,
    "to take into account the absolute need to eliminate the root causes of the crisis, and Russia's legitimate interests in the area of security",
    by="Kremlin readout (quoted by RFE/RL)", kind="official_statement", conf=0.9,
    notes="Peace talks must eliminate the 'root causes'.")
pos("ua-mobilization-rejects-zelensky-003", "ukraine", "mobilization", 2, "rejects", S3,
    "When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions, but in an effort to make our army smaller and weaker",
    by="Zelensky to reporters in Finland", kind="leader_own_words", conf=0.85,
    ctx='"When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions, but in an effort to make our army smaller and weaker - the same is to be said about his demands to stop providing military aid and intelligence to us," Zelenskyy said.',
    notes="Rejects the Russian demand as an attempt to weaken Ukraine's army.")
pos("ru-mobilization-proposes-zelensky-003", "russia", "mobilization", 2, "proposes", S3,
    "When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions",
    by="Zelensky to reporters in Finland", kind="other_party_claim", conf=0.6, ctx='"When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions, but in an effort to make our army smaller and weaker - the same is to be said about his demands to stop providing military aid and intelligence to us," Zelenskyy said.',
    notes="Russia's stance as Zelensky reports it: Putin 'talks about' ending Ukrainian mobilization (proposes, as the Kremlin's 'raised'; 'his demands' in the same sentence is about aid and intelligence).")
pos("ru-aid-demands-zelensky-003", "russia", "military_aid", 2, "demands", S3,
    "the same is to be said about his demands to stop providing military aid and intelligence to us",
    by="Zelensky to reporters in Finland", kind="other_party_claim", conf=0.6, ctx='"When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions, but in an effort to make our army smaller and weaker - the same is to be said about his demands to stop providing military aid and intelligence to us," Zelenskyy said.',
    notes="Russia's stance as Zelensky reports it ('his demands'), matching the Kremlin readout.")
pos("ru-intel-demands-zelensky-003", "russia", "intelligence_sharing", 2, "demands", S3,
    "the same is to be said about his demands to stop providing military aid and intelligence to us",
    by="Zelensky to reporters in Finland", kind="other_party_claim", conf=0.6, ctx='"When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions, but in an effort to make our army smaller and weaker - the same is to be said about his demands to stop providing military aid and intelligence to us," Zelenskyy said.',
    notes="Russia's stance as Zelensky reports it, on intelligence.")
pos("ua-aid-rejects-zelensky-003", "ukraine", "military_aid", 2, "rejects", S3,
    "the same is to be said about his demands to stop providing military aid and intelligence to us",
    by="Zelensky to reporters in Finland", kind="leader_own_words", conf=0.85,
    ctx='"When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions, but in an effort to make our army smaller and weaker - the same is to be said about his demands to stop providing military aid and intelligence to us," Zelenskyy said.',
    notes="Rejects the Russian demand to end military aid.")
pos("ua-intel-rejects-zelensky-003", "ukraine", "intelligence_sharing", 2, "rejects", S3,
    "the same is to be said about his demands to stop providing military aid and intelligence to us",
    by="Zelensky to reporters in Finland", kind="leader_own_words", conf=0.85,
    ctx='"When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions, but in an effort to make our army smaller and weaker - the same is to be said about his demands to stop providing military aid and intelligence to us," Zelenskyy said.',
    notes="Rejects the Russian demand to end intelligence sharing.")
pos("ua-precond-demands-unconditional-zelensky-003", "ukraine", "ceasefire_preconditions", 2, "supports", S3,
    "one thing he is not talking about is a cease-fire -- as straightforward as that -- without various many issues attached to it",
    by="Zelensky to reporters in Finland", kind="leader_own_words", conf=0.75,
    ctx='"When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions, but in an effort to make our army smaller and weaker - the same is to be said about his demands to stop providing military aid and intelligence to us," Zelenskyy said.\n\n"But one thing he is not talking about is a cease-fire -- as straightforward as that -- without various many issues attached to it," he said.',
    notes="Nothing here is worded as a demand: supports. Ukraine wants a plain ceasefire with no issues attached (and criticises Russia for attaching them).")
pos("ru-precond-opposes-plain-zelensky-003", "russia", "ceasefire_preconditions", 2, "opposes", S3,
    "one thing he is not talking about is a cease-fire -- as straightforward as that -- without various many issues attached to it",
    by="Zelensky to reporters in Finland", kind="other_party_claim", conf=0.6, ctx='"When Putin talks about the end of mobilization, he does not speak out of [humanitarian] positions, but in an effort to make our army smaller and weaker - the same is to be said about his demands to stop providing military aid and intelligence to us," Zelenskyy said.\n\n"But one thing he is not talking about is a cease-fire -- as straightforward as that -- without various many issues attached to it," he said.',
    notes="The claim's subject: Putin does not consider a ceasefire without issues attached (Russia's stance as Zelensky reports it).")
pos("ru-scope-violation-zelensky-003", "russia", "ceasefire_scope", 2, "alleged_violation", S3,
    "He accused Russia of stepping up infrastructure attacks following the call.",
    by="Zelensky (reported by RFE/RL)", kind="other_party_claim", conf=0.45,
    notes="A compliance allegation about the energy and infrastructure pause (level 2), not a stance.")
pos("ua-pressure-demands-zelensky-003", "ukraine", "pressure_on_russia", 1, "demands", S3,
    "showed the need to continue pressure on Russia for \"the sake of peace.\"",
    by="Zelensky (reported by RFE/RL)", kind="leader_own_words", conf=0.7,
    ctx="Zelenskyy later said Russia's continued attacks on infrastructure",
    notes="'Continue pressure' coded as keeping up pressure (1); could be read as 2.")
pos("ru-scope-rejects-full-telegram-003", "russia", "ceasefire_scope", 4, "rejects", S3,
    "Today, Putin effectively rejected the proposal for a complete cease-fire",
    by="Zelensky on Telegram", kind="other_party_claim", conf=0.7,
    notes="Ukraine's claim; consistent with the three articles' narration.")
pos("ru-scope-rejects-infra-yermak-003", "russia", "ceasefire_scope", 2, "alleged_violation", S3,
    "Russia is attacking civilian infrastructure and people right now",
    by="Andriy Yermak on Telegram", kind="other_party_claim", conf=0.4,
    notes="A compliance allegation, not a stance on the pause (it was coded as Russia rejecting level 2). Ukrainian claim that Russia kept hitting civilian infrastructure after the call, i.e. does not observe an infrastructure (level 2) pause - consistent with the Kremlin's energy-only reading. Claim not independently confirmed.")
pos("ru-territory-claims-four-regions-rfe-003", "russia", "territory", 3, "claims", S3,
    "it still doesn't fully control the four regions -- Donetsk, Luhansk, Zaporizhzhia and Kherson -- that it claims to have annexed in 2022.",
    prec="approximate", by="Article narration (RFE/RL)", kind="media_paraphrase", conf=0.7,
    ctx="Russia continues to grind forward in eastern Ukraine, but it still doesn't fully control",
    notes="Standing claim since the 2022 annexation; dated to publication. A ceasefire now would leave Putin short of it.")
pos("ua-guarantees-demands-rfe-003", "ukraine", "security_guarantees", 2, "demands", S3,
    "for Kyiv to accept any peace deal it must come with security guarantees for Ukraine from its Western partners",
    prec="approximate", by="Zelensky (often stressed; reported by RFE/RL)", kind="leader_own_words", conf=0.8,
    notes="Reported speech ('Zelenskyy has often stressed'), not a media paraphrase. Standing position ('has often stressed'); a condition for any peace deal.",
    conditions=[cond(None, "security_guarantees", 2, "Western partners provide security guarantees as part of any peace deal.")])
pos("ua-nato-demands-eventual-rfe-003", "ukraine", "nato_membership", 2, "demands", S3,
    "security guarantees for Ukraine from its Western partners, including eventual NATO membership",
    prec="approximate", by="Zelensky (often stressed; reported by RFE/RL)", kind="leader_own_words", conf=0.7,
    notes="Part of the guarantees Zelensky has stressed.")
pos("ua-nato-insisted-zelensky-feb-003", "ukraine", "nato_membership", 2, "prefers", S3,
    "I have insisted [on Ukraine's membership in] NATO, but you know what the answers have been",
    on="2025-02-01", prec="month", by="Zelensky (February 2025 remark)", kind="leader_own_words", conf=0.8,
    notes="An insistence he admits is blocked ('you know what the answers have been'): a preference, not a demand. 'In February'; month precision (day set to 01). Implies allies' answers have been negative (not coded for them).")
pos("de-scope-welcomes-energy-003", "germany", "ceasefire_scope", 1, "supports", S3,
    "Germany's outgoing Chancellor Olaf Scholz and French President Emmanuel Macron said they welcomed the vow to end attacks on Ukraine's energy infrastructure",
    by="Scholz at joint news conference with Macron (reported by RFE/RL)", kind="leader_own_words", conf=0.8,
    notes="Welcomed as only a first step.")
pos("fr-scope-welcomes-energy-003", "france", "ceasefire_scope", 1, "supports", S3,
    "Germany's outgoing Chancellor Olaf Scholz and French President Emmanuel Macron said they welcomed the vow to end attacks on Ukraine's energy infrastructure",
    by="Macron at joint news conference with Scholz (reported by RFE/RL)", kind="leader_own_words", conf=0.8,
    notes="Welcomed as only a first step.")
pos("de-scope-demands-complete-scholz-003", "germany", "ceasefire_scope", 4, "demands", S3,
    "The next step must be a complete cease-fire for Ukraine and as quickly as possible.",
    by="Scholz at joint news conference with Macron", kind="leader_own_words", conf=0.9,
    ctx='"The next step must be a complete cease-fire for Ukraine and as quickly as possible. Of course. it is clear that we both agree on this too," Scholz told a joint news conference with Macron.',
    notes="Scholz's own words.")
pos("fr-scope-demands-complete-scholz-003", "france", "ceasefire_scope", 4, "demands", S3,
    "it is clear that we both agree on this too",
    by="Scholz speaking for himself and Macron", kind="other_party_claim", conf=0.75,
    ctx='"The next step must be a complete cease-fire for Ukraine and as quickly as possible. Of course. it is clear that we both agree on this too," Scholz told a joint news conference with Macron.',
    notes="Scholz states Macron shares the demand, at their joint news conference; no direct Macron quote.")

# ======================= 004 Foreign Policy =======================
pos("ru-scope-rejects-wider-fp-004", "russia", "ceasefire_scope", 4, "rejects", S4,
    "Yet he did not mention that Putin had rejected the full cease-fire that the United States was pushing for.",
    by="Article narration (Foreign Policy)", kind="media_paraphrase", conf=0.85,
    notes="From the body, not the subheadline ('the Kremlin rejected a U.S. proposal for a wider truce'), which says it less precisely. Consistent with the other articles.")
pos("us-scope-seeking-full-fp-004", "united_states", "ceasefire_scope", 4, "proposes", S4,
    "failed to secure the full cease-fire that Trump had been seeking",
    by="Article narration (Foreign Policy)", kind="media_paraphrase", conf=0.85,
    notes="First occurrence of a paragraph that is repeated in the scraped text.")
pos("ru-scope-agrees-energy-infra-kremlin-fp-004", "russia", "ceasefire_scope", 2, "agrees", S4,
    "According to a Kremlin readout of the call, Putin agreed to pause strikes on Ukraine’s “energy and infrastructure” for 30 days",
    by="Kremlin readout (as quoted by Foreign Policy)", kind="official_statement", conf=0.55,
    notes="FP attributes 'energy and infrastructure' to the Kremlin readout (adding that Putin 'immediately gave the Russian military the corresponding order'), while the NY Post says the Kremlin specified energy infrastructure only; coded as FP reports it, with reduced confidence. Paragraph repeated; first occurrence used.")
pos("us-blacksea-agrees-talks-fp-004", "united_states", "black_sea_ceasefire", 1, "agrees", S4,
    "technical negotiations on implementation of a maritime ceasefire in the Black Sea",
    by="US readout (White House)", kind="official_statement", conf=0.9,
    ctx='Washington and Moscow also agreed to immediately begin “technical negotiations on implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace,” according to the U.S. readout.',
    notes="Talks agreed, to begin immediately.")
pos("ru-blacksea-agrees-talks-fp-004", "russia", "black_sea_ceasefire", 1, "agrees", S4,
    "Washington and Moscow also agreed to immediately begin “technical negotiations on implementation of a maritime ceasefire in the Black Sea",
    by="US readout (White House)", kind="other_party_claim", conf=0.6,
    notes="US readout's account of Moscow's agreement.")
pos("ru-scope-defers-full-fp-004", "russia", "ceasefire_scope", 4, "defers", S4,
    'Washington and Moscow also agreed to immediately begin “technical negotiations on implementation of a maritime ceasefire in the Black Sea, full ceasefire and permanent peace,” according to the U.S. readout.',
    by="US readout (White House)", kind="other_party_claim", conf=0.55,
    notes="Per the US readout Moscow agreed to negotiate a full ceasefire: deferred, not rejected.")
pos("ua-scope-proposes-air-sea-fp-004", "ukraine", "ceasefire_scope", 3, "proposes", S4,
    "Earlier this month, Ukrainian President Volodymyr Zelensky proposed a limited air and sea truce",
    on="2025-03-01", prec="month", by="Article narration (Foreign Policy)", kind="media_paraphrase", conf=0.8,
    notes="'Earlier this month' = early March 2025 (publicly floated around 4 March); month precision, day set to 01. Superseded by the US full ceasefire Kyiv accepted at Jeddah.")
pos("ua-blacksea-proposes-sea-truce-fp-004", "ukraine", "black_sea_ceasefire", 2, "proposes", S4,
    "a limited air and sea truce",
    on="2025-03-01", prec="month", by="Article narration (Foreign Policy)", kind="media_paraphrase", conf=0.7,
    ctx='Earlier this month, Ukrainian President Volodymyr Zelensky proposed a limited air and sea truce',
    notes="The sea half of Zelensky's air-and-sea proposal, coded on the maritime issue as an immediate truce at sea.")
pos("ua-scope-supports-full-fp-004", "ukraine", "ceasefire_scope", 4, "supports", S4,
    "the White House convinced Kyiv to support a U.S.-proposed full cease-fire instead",
    on=JEDDAH, prec="approximate", by="Article narration (Foreign Policy)", kind="media_paraphrase", conf=0.8,
    notes="Dated to the Jeddah talks (11 March), where Kyiv accepted; approximate.")
pos("us-scope-proposes-full-fp-004", "united_states", "ceasefire_scope", 4, "proposes", S4,
    "the White House convinced Kyiv to support a U.S.-proposed full cease-fire instead",
    on=JEDDAH, prec="approximate", by="Article narration (Foreign Policy)", kind="media_paraphrase", conf=0.8,
    notes="The US replaced Kyiv's partial proposal with its own full ceasefire; dated to Jeddah, approximate.")


def dump(name, obj):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


if __name__ == "__main__":
    dump("sources.json", SOURCES)
    dump("codebook.json", {"parties": PARTIES, "issues": ISSUES, "events": EVENTS})
    dump("positions.json", P)
    print(f"wrote {len(SOURCES)} sources, {len(PARTIES)} parties, {len(ISSUES)} issues, "
          f"{len(EVENTS)} events, {len(P)} positions")
