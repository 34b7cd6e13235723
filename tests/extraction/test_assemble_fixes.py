"""Span boundaries, status-dependent times, sites and lexicon additions seen in eval notes."""

from __future__ import annotations

import pytest

from extraction.assemble import STOP_DERIVED_SOURCE
from extraction.lexicon import load_drug_lexicon


@pytest.mark.parametrize(
    ("text", "drug", "span"),
    [
        ("If pain persists, consider adding IV lidocaine at the next visit.", "lidocaine",
         "lidocaine"),
        ("0907 methylprednisolone sodium succinate 125 mg IV push.",
         "methylprednisolone sodium succinate", "methylprednisolone"),
        ("Paliperidone palmitate (Invega Sustenna) 234 mg IM R deltoid at 14:10.",
         "paliperidone palmitate (invega sustenna)", "Paliperidone palmitate"),
        ("Esketamine nasal spray 56 mg self-administered 09:30 and 09:35.", "esketamine",
         "Esketamine"),
        ("1) Leuprolide acetate depot (Lupron Depot) 22.5 mg IM, right gluteus.",
         "leuprolide acetate", "Leuprolide"),
        ("Magnesium sulfate 2 g in 100 mL NS IV 1000-1030.", "magnesium sulfate",
         "Magnesium sulfate"),
        ("Ketamine 35 mg IV infusion 0930-1010.", "ketamine", "Ketamine"),
    ],
    ids=["route-prefix", "salt", "brand-in-parentheses", "dosage-form", "depot-brand",
         "mineral-salt-kept", "plain"],
)  # fmt: skip
def test_drug_span_is_the_name_as_written(admins, text, drug, span) -> None:
    (adm,) = [a for a in admins(text) if a.drug and a.drug.value == drug]
    assert adm.drug.span.text == span
    assert text[adm.drug.span.start : adm.drug.span.end] == span


@pytest.mark.parametrize(
    ("text", "start", "stop"),
    [
        ("Spravato 84 mg: first device 1530 hrs, last device 1540 hrs.", "1530", "1540"),
        ("Ketamine 35 mg IV infusion started 0930 hrs, completed 1010 hrs.", "0930", "1010"),
        ("NS 500 mL IV 1400 hrs - 1445 hrs for dehydration.", "1400", "1445"),
    ],
    ids=["esketamine-devices", "start-stop-cues", "range"],
)
def test_time_span_excludes_hrs_suffix(admins, text, start, stop) -> None:
    (adm,) = admins(text)
    assert adm.start.span.text == start
    assert adm.stop.span.text == stop


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1525 Lorazepam 1 mg IV ordered by Dr. Mensah - not given (no IV access).\n"
            "1530 Offered Haldol 5 mg IM - pt refused.\n"
            "1545 Pt accepted olanzapine 10 mg ODT, given 1547 PO.",
            [("lorazepam", "ordered", None, None), ("haloperidol", "declined", None, None),
             ("olanzapine", "given", "15:47", None)],
        ),
        (
            "1035 Pt declined IV Toradol 30 mg - prefers oral medication.\n"
            "1040 Ibuprofen 600 mg PO given with crackers.",
            [("ketorolac", "declined", None, None), ("ibuprofen", "given", "10:40", None)],
        ),
        (
            "Ketamine 120 mg in 500 mL NS by pump.\n  09:00  infusion started\n"
            "  10:30  BP 172/104 -> pump stopped, infusion held; labetalol not needed\n"
            "  10:50  infusion restarted at same rate\n  12:35  infusion completed",
            [("ketamine", "given", "09:00", "12:35"), ("labetalol", "negated", None, None)],
        ),
        (
            "1013 Narcan 4 mg intranasal given by RN.\n"
            "Plan: counselor outreach tomorrow; naloxone kit education reinforced with partner.",
            [("naloxone", "given", "10:13", None)],
        ),
    ],
    ids=["ordered-declined-no-times", "declined-line-time", "negated-keeps-no-times",
         "kit-education-not-event"],
)  # fmt: skip
def test_not_given_doses_have_no_times(admins, text, expected) -> None:
    rows = [
        (a.drug.value, a.status.value.value, a.start.value.hhmm if a.start else None,
         a.stop.value.hhmm if a.stop else None)
        for a in admins(text)
    ]  # fmt: skip
    assert rows == expected


def test_hold_on_a_negated_drug_line_stays_with_the_infusion(admins) -> None:
    text = (
        "Ketamine 120 mg in 500 mL NS by pump.\n  09:00  infusion started\n"
        "  10:30  BP 172/104 -> pump stopped, infusion held; labetalol not needed\n"
        "  10:50  infusion restarted at same rate\n  12:35  infusion completed"
    )
    ketamine = admins(text)[0]
    (hold,) = ketamine.interruptions
    assert (hold.start.value.hhmm, hold.stop.value.hhmm) == ("10:30", "10:50")


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("IV access obtained on the second attempt.\nKetamine 44 mg IV infused 1015-1100.", None),
        ("22g PIV placed.\nKetamine 44 mg IV infused 1015-1100.", None),
        ("PIV 22g L AC.\nKetamine 44 mg IV infused 1015-1100.", "PIV 22g L AC"),
        ("Port accessed, + blood return.\nKetamine 44 mg IV infused 1015-1100.", "Port"),
        ("IV R hand placed.\nKetamine 44 mg IV infused 1015-1100.", "IV R hand"),
    ],
    ids=["access-no-location", "gauge-only", "full-site", "port", "side-and-limb"],
)
def test_site_needs_a_location(admins, text, site) -> None:
    (adm,) = admins(text)
    assert (adm.site.span.text if adm.site else None) == site


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("Diclofenac 1% gel applied to lateral R ankle by MA.", "topical"),
        ("Lidocaine 4% patch applied to lumbar paraspinal area at 1045.", "topical"),
    ],
    ids=["gel", "patch"],
)
def test_topical_forms(admins, text, route) -> None:
    (adm,) = admins(text)
    assert adm.route.value.value == route
    assert adm.technique.value.value == "other_route"


def test_derived_stop_source(admins) -> None:
    (adm,) = admins("1015 NS 1000 mL IV at 500 mL/hr via pump started for dehydration.")
    assert adm.stop.value.hhmm == "12:15"
    assert adm.stop.derived and adm.stop.source == STOP_DERIVED_SOURCE == "derived:volume/rate"


@pytest.mark.parametrize(
    ("text", "name", "code", "tier"),
    [
        ("09:32 vinblastine 11 mg IV push over 3 min", "vinblastine", "J9360", "chemo"),
        ("Today's methadone dose held pending ED evaluation.", "methadone", "J1230", "therapeutic"),
        ("Labetalol 10 mg IV push at 1030 for BP 182/104.", "labetalol", "J1920", "therapeutic"),
        ("0930 amlodipine 10 mg PO given (own supply).", "amlodipine", "J3490", "therapeutic"),
        ("propofol infusion 0812-0838 (total 180 mg)", "propofol", "J2704", "therapeutic"),
        ("0810 glycopyrrolate 0.2 mg IV push", "glycopyrrolate", "J1596", "therapeutic"),
        ("Diclofenac 1% gel applied to R ankle.", "diclofenac", "J1130", "therapeutic"),
        ("Contrast: Omnipaque 350, 100 mL IV at 1422.", "iohexol", "Q9967", "therapeutic"),
    ],
    ids=["vinblastine", "methadone", "labetalol", "amlodipine", "propofol", "glycopyrrolate",
         "diclofenac", "iohexol"],
)  # fmt: skip
def test_new_lexicon_drugs_are_recognised(admins, text, name, code, tier) -> None:
    entry = load_drug_lexicon().by_name(name)
    assert entry is not None and entry.tier == tier and code in entry.codes
    assert [a.drug.value for a in admins(text)] == [name]


@pytest.mark.parametrize(
    ("text", "dose", "holds"),
    [
        (
            "Home meds: lisinopril 10 mg daily (held x 3 days per MD), metformin 500 mg BID.\n\n"
            "IV: 22g L forearm by RN at 10:08.\n"
            "Normal saline 1000 mL IV bolus - started 10:12, completed 10:43.",
            1000.0,
            0,
        ),
        (
            "Drug: Abilify Maintena (aripiprazole ER) 400 mg single-dose vial kit.\n"
            "Dose ordered: 300 mg (1.5 mL).\n"
            "Administered: 300 mg IM, left deltoid, 23g 1-inch needle, at 10:20.\n"
            "Wasted: 100 mg (0.5 mL) discarded, witnessed by RN.",
            300.0,
            0,
        ),
    ],
    ids=["home-med-hold-is-not-an-interruption", "administered-amount-beats-vial"],
)
def test_block_and_list_lines(admins, text, dose, holds) -> None:
    (adm,) = admins(text)
    assert (adm.dose or adm.volume).value.value == dose
    assert len(adm.interruptions) == holds


def test_same_sentence_merge_keeps_the_mention_the_status_is_about(admins) -> None:
    text = "Offered IV placement and Zofran IV push - pt declined IV Zofran, prefers a tablet."
    (adm,) = admins(text)
    assert adm.status.value.value == "declined"
    assert adm.drug.span.start == text.rindex("Zofran")


HISTORY_NOTE = """HPI: 41 y/o with recurrent MDD, failed sertraline, bupropion and
venlafaxine trials plus aripiprazole augmentation. PHQ-9 today 17.
Denies SI. Tolerated infusion #2 well with mild nausea afterwards.
Zofran 4 mg IVP at 0925. Ketamine 35 mg IV infusion started 0930, stopped 1012.
"""


def test_treatment_history_is_not_an_administration(admins) -> None:
    drugs = sorted(a.drug.value for a in admins(HISTORY_NOTE) if a.drug is not None)
    assert drugs == ["ketamine", "ondansetron"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Tolerated well; able to take PO sips.",
        "Now tolerating PO without emesis.",
        "Poor PO intake x 2 days.",
    ],
    ids=["po-sips", "tolerating-po", "po-intake"],
)
def test_intake_wording_is_not_the_route_of_a_fluid(admins, sentence) -> None:
    text = f"NS 1000 mL bolus started at 1405, completed at 1520. {sentence}"
    (fluid,) = [a for a in admins(text) if a.drug and a.drug.value == "normal saline"]
    assert fluid.route is None or fluid.route.value.value != "PO"
