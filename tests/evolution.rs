//! The theme-evolution report (`ctockg evolution`) on the bundled data: which meetings each theme
//! leads to and on what evidence, compared as sets; the JSON and the SVG parsed by an independent
//! parser (Python's standard library), their contents compared as sets; the binary's errors.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use rstest::rstest;

use crate::common::{built, ctockg, differences, repo, scratch};
use ctockg::evolution::{Evolution, Format, Lang, QUOTE_CHARS, Selection};

fn report(selection: Selection) -> Evolution {
    Evolution::load(&built().store, &selection).expect("the report loads")
}

fn theme(key: &str) -> Evolution {
    report(Selection::Theme(key.to_owned()))
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn check(problems: Vec<String>) {
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// Runs a Python 3 script (standard library only) with arguments; returns its stdout lines.
fn python(script: &str, args: &[&Path]) -> Vec<String> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (it parses the JSON and SVG independently of the crate)");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

const ALL_MEETINGS: [&str; 10] = [
    "wg4/2009-04-14",
    "wg7/2012-05-30",
    "wg7/2013-11-11",
    "wg7/2015-11-18",
    "wg7/2017-09-11",
    "wg7/2018-07-04",
    "wg7/2019-09-11",
    "wg7/2020-09-08",
    "wg7/2021-10-14",
    "wg7/2024-07-11",
];

/// The meetings a theme leads to through agenda items (meeting + item number) and through
/// background papers (meeting + symbol).
#[rstest]
#[case::technology(
    "technology",
    &["wg7/2020-09-08 item 3"],
    &["wg7/2020-09-08 CTOC/COP/WG.7/2020/3"]
)]
#[case::crisis_impact(
    "crisis-impact",
    &["wg7/2020-09-08 item 2"],
    &["wg7/2020-09-08 CTOC/COP/WG.7/2020/2"]
)]
#[case::root_causes(
    "root-causes",
    &["wg7/2024-07-11 item 2"],
    &["wg7/2024-07-11 CTOC/COP/WG.7/2024/2"]
)]
fn agenda_items_and_background_papers_lead_to_their_meetings(
    #[case] key: &str,
    #[case] agenda: &[&str],
    #[case] papers: &[&str],
) {
    let report = theme(key);
    assert_eq!(report.timelines.len(), 1);
    let timeline = &report.timelines[0];
    assert_eq!(timeline.theme.key, key);
    let mut actual_agenda = BTreeSet::new();
    let mut actual_papers = BTreeSet::new();
    for a in &timeline.appearances {
        for item in &a.agenda_items {
            actual_agenda.insert(format!("{} item {}", a.meeting.key(), item.number));
        }
        for paper in &a.papers {
            actual_papers.insert(format!("{} {}", a.meeting.key(), paper.name()));
        }
    }
    let mut problems = differences(&format!("{key} agenda items"), &set(agenda), &actual_agenda);
    problems.extend(differences(
        &format!("{key} background papers"),
        &set(papers),
        &actual_papers,
    ));
    check(problems);
}

#[test]
fn the_meetings_are_the_seventh_and_the_eleventh_with_their_dates() {
    let report = report(Selection::All);
    let label = |key: &str, lang: Lang| {
        report
            .meetings
            .iter()
            .find(|m| m.key() == key)
            .map(|m| m.label(lang))
            .unwrap_or_default()
    };
    let actual = set(&[
        &label("wg7/2020-09-08", Lang::En),
        &label("wg7/2024-07-11", Lang::En),
        &label("wg7/2020-09-08", Lang::Zh),
    ]);
    let expected = set(&[
        "Working Group on the Smuggling of Migrants, 7th meeting, 8–9 September 2020",
        "Working Group on the Smuggling of Migrants, 11th meeting, 11–12 July 2024",
        "偷运移民问题工作组第七次会议（2020年9月8日至9日）",
    ]);
    check(differences("meeting labels", &expected, &actual));
    let keys: Vec<&str> = report.meetings.iter().map(|m| m.key()).collect();
    assert_eq!(keys, ALL_MEETINGS, "every meeting, in date order");
}

#[test]
fn timelines_are_in_date_order_with_one_first_appearance_and_quotes() {
    let report = report(Selection::All);
    assert_eq!(report.timelines.len(), 10, "every top theme");
    let mut problems = Vec::new();
    for timeline in &report.timelines {
        let key = &timeline.theme.key;
        let dates: Vec<_> = timeline
            .appearances
            .iter()
            .map(|a| a.meeting.start)
            .collect();
        if !dates.is_sorted() {
            problems.push(format!("{key}: not in date order: {dates:?}"));
        }
        let firsts: Vec<bool> = timeline.appearances.iter().map(|a| a.first).collect();
        if !firsts.is_empty() && (!firsts[0] || firsts.iter().filter(|f| **f).count() != 1) {
            problems.push(format!("{key}: first appearance marks {firsts:?}"));
        }
        for a in &timeline.appearances {
            let evidence = a.agenda_items.len() + a.papers.len() + a.mentions;
            if evidence == 0 {
                problems.push(format!("{key} {}: no evidence", a.meeting.key()));
            }
            match &a.quote {
                None if a.mentions > 0 => {
                    problems.push(format!("{key} {}: mentions but no quote", a.meeting.key()));
                }
                Some(q) if q.text.chars().count() > QUOTE_CHARS + 1 => {
                    problems.push(format!(
                        "{key} {}: quote too long: {}",
                        a.meeting.key(),
                        q.text
                    ));
                }
                Some(q) if !q.paragraph.starts_with("https://w3id.org/ctockg/id/doc/") => {
                    problems.push(format!("{key}: quote from {}", q.paragraph));
                }
                _ => {}
            }
        }
    }
    check(problems);

    let root = theme("root-causes");
    let eleventh = root.timelines[0]
        .appearances
        .iter()
        .find(|a| a.meeting.key() == "wg7/2024-07-11")
        .expect("root-causes at the eleventh meeting");
    let quote = eleventh.quote.as_ref().expect("a quote");
    assert!(
        quote.source().starts_with("CTOC/COP/WG.7/2024/2 ¶"),
        "{}",
        quote.source()
    );
    assert!(
        quote.text.ends_with('…') && quote.text.contains("根源"),
        "{}",
        quote.text
    );
}

#[test]
fn key_topics_refine_a_theme_where_their_labels_occur() {
    let report = theme("technology");
    let topics: BTreeSet<String> = report.timelines[0]
        .appearances
        .iter()
        .flat_map(|a| {
            a.key_topics
                .iter()
                .map(move |t| format!("{} {}", a.meeting.key(), t.key))
        })
        .collect();
    let expected = set(&[
        "wg7/2021-10-14 advertising",
        "wg7/2021-10-14 behavioural-detection",
        "wg7/2021-10-14 evidence-collection",
        "wg7/2021-10-14 fraudulent-documents",
        "wg7/2021-10-14 money-laundering",
    ]);
    check(differences("technology key topics", &expected, &topics));
}

#[test]
fn unknown_theme_lists_the_valid_keys() {
    let error = Evolution::load(&built().store, &Selection::Theme("weather".into()))
        .expect_err("no such theme");
    let message = error.to_string();
    for key in [
        "technology",
        "crisis-impact",
        "root-causes",
        "smuggling-by-sea",
    ] {
        assert!(message.contains(key), "{message}");
    }
}

const JSON_SUMMARY: &str = r#"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
print("top " + ",".join(sorted(doc)))
for m in doc["meetings"]:
    print("meeting " + m["key"])
for t in doc["themes"]:
    print("theme " + t["key"])
    for a in t["appearances"]:
        print("keys " + ",".join(sorted(a)))
        for i in a["agenda_items"]:
            print("agenda %s %s item %d" % (t["key"], a["meeting"].split("/meeting/")[1], i["number"]))
        for p in a["background_papers"]:
            print("paper %s %s %s" % (t["key"], a["meeting"].split("/meeting/")[1], p["symbol"]))
"#;

#[test]
fn json_parses_and_holds_the_evidence() {
    let report = report(Selection::All);
    let mut json = Vec::new();
    report
        .write(Format::Json, Lang::Zh, &mut json)
        .expect("JSON written");
    let dir = scratch("evolution-json");
    let file = dir.join("evolution.json");
    std::fs::write(&file, &json).expect("write");
    let lines: BTreeSet<String> = python(JSON_SUMMARY, &[&file]).into_iter().collect();
    let pick = |prefix: &str| -> BTreeSet<String> {
        lines
            .iter()
            .filter(|l| l.starts_with(prefix))
            .cloned()
            .collect()
    };
    let mut problems = differences(
        "top-level keys",
        &set(&["top lang,meetings,themes"]),
        &pick("top "),
    );
    problems.extend(differences(
        "appearance keys",
        &set(&[
            "keys agenda_items,background_papers,documents,first,key_topics,label,meeting,paragraph_mentions,quote,start_date,substantive_paragraphs",
        ]),
        &pick("keys "),
    ));
    problems.extend(differences(
        "meetings",
        &ALL_MEETINGS
            .iter()
            .map(|m| format!("meeting {m}"))
            .collect(),
        &pick("meeting "),
    ));
    let agenda: BTreeSet<String> = pick("agenda ")
        .into_iter()
        .filter(|l| {
            ["technology", "crisis-impact", "root-causes"]
                .contains(&l.split(' ').nth(1).unwrap_or(""))
        })
        .collect();
    problems.extend(differences(
        "agenda evidence",
        &set(&[
            "agenda crisis-impact wg7/2020-09-08 item 2",
            "agenda root-causes wg7/2024-07-11 item 2",
            "agenda technology wg7/2020-09-08 item 3",
        ]),
        &agenda,
    ));
    let papers: BTreeSet<String> = pick("paper ")
        .into_iter()
        .filter(|l| {
            ["technology", "crisis-impact", "root-causes"]
                .contains(&l.split(' ').nth(1).unwrap_or(""))
        })
        .collect();
    problems.extend(differences(
        "paper evidence",
        &set(&[
            "paper crisis-impact wg7/2020-09-08 CTOC/COP/WG.7/2020/2",
            "paper root-causes wg7/2024-07-11 CTOC/COP/WG.7/2024/2",
            "paper technology wg7/2020-09-08 CTOC/COP/WG.7/2020/3",
        ]),
        &papers,
    ));
    check(problems);
}

const SVG_TEXTS: &str = r#"
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
def text(node):
    if node.nodeType == node.TEXT_NODE:
        return node.data
    if node.nodeType == node.ELEMENT_NODE and node.tagName == "title":
        return ""
    return "".join(text(c) for c in node.childNodes)
for t in doc.getElementsByTagName("text"):
    kind = t.getAttribute("class")
    if kind in ("meeting", "theme"):
        print(kind + "\t" + text(t))
for g in doc.getElementsByTagName("g"):
    if g.getAttribute("class") == "row":
        for a in g.getElementsByTagName("g"):
            if a.getAttribute("class") == "appearance":
                print("appearance\t" + g.getAttribute("data-theme") + " " + a.getAttribute("data-meeting"))
"#;

fn svg_texts(report: &Evolution, lang: Lang, name: &str) -> Vec<String> {
    let dir = scratch(name);
    let file = dir.join("chart.svg");
    std::fs::write(&file, report.svg(lang)).expect("write");
    python(SVG_TEXTS, &[&file])
}

fn kind(lines: &[String], kind: &str) -> BTreeSet<String> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix(&format!("{kind}\t")))
        .map(str::to_owned)
        .collect()
}

const MEETING_LABELS_EN: [&str; 10] = [
    "WG.4 14 Apr 2009",
    "WG.7 · 1st 30 May 2012",
    "WG.7 · 2nd 11 Nov 2013",
    "WG.7 · 3rd 18 Nov 2015",
    "WG.7 · 4th 11 Sep 2017",
    "WG.7 · 5th 4 Jul 2018",
    "WG.7 · 6th 11 Sep 2019",
    "WG.7 · 7th 8 Sep 2020",
    "WG.7 14 Oct 2021",
    "WG.7 · 11th 11 Jul 2024",
];

#[test]
fn the_chart_of_all_themes_is_well_formed_and_labels_every_meeting_and_theme() {
    let report = report(Selection::All);
    let lines = svg_texts(&report, Lang::En, "evolution-svg-all");
    let mut problems = differences(
        "meeting labels",
        &set(&MEETING_LABELS_EN),
        &kind(&lines, "meeting"),
    );
    problems.extend(differences(
        "theme labels",
        &set(&[
            "Criminal justice responses",
            "Impact of crises",
            "International cooperation",
            "Interpretation and use of the Smuggling of Migrants Protocol and the Organized Crime Convention",
            "Prevention",
            "Protection of smuggled migrants",
            "Root causes",
            "Smuggling of migrants by air",
            "Smuggling of migrants by sea",
            "Technology",
        ]),
        &kind(&lines, "theme"),
    ));
    let expected: BTreeSet<String> = report
        .timelines
        .iter()
        .flat_map(|t| {
            t.appearances
                .iter()
                .map(move |a| format!("{} {}", t.theme.key, a.meeting.key()))
        })
        .collect();
    problems.extend(differences("marks", &expected, &kind(&lines, "appearance")));
    for needed in [
        "technology wg7/2020-09-08",
        "crisis-impact wg7/2020-09-08",
        "root-causes wg7/2024-07-11",
    ] {
        if !expected.contains(needed) {
            problems.push(format!("no mark for {needed}"));
        }
    }
    check(problems);
}

#[test]
fn the_chart_of_one_theme_in_chinese_labels_the_theme_and_every_meeting() {
    let report = theme("technology");
    let lines = svg_texts(&report, Lang::Zh, "evolution-svg-zh");
    let mut problems = differences("theme labels", &set(&["技术"]), &kind(&lines, "theme"));
    problems.extend(differences(
        "meeting labels",
        &set(&[
            "WG.4 2009年4月14日",
            "WG.7 第一次 2012年5月30日",
            "WG.7 第二次 2013年11月11日",
            "WG.7 第三次 2015年11月18日",
            "WG.7 第四次 2017年9月11日",
            "WG.7 第五次 2018年7月4日",
            "WG.7 第六次 2019年9月11日",
            "WG.7 第七次 2020年9月8日",
            "WG.7 2021年10月14日",
            "WG.7 第十一次 2024年7月11日",
        ]),
        &kind(&lines, "meeting"),
    ));
    check(problems);
}

#[test]
fn csv_has_a_header_and_a_row_per_appearance() {
    let report = report(Selection::All);
    let mut csv = Vec::new();
    report
        .write(Format::Csv, Lang::En, &mut csv)
        .expect("CSV written");
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, ctockg::evolution::CSV_HEADER);
    let rows: BTreeSet<String> = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            format!("{} {}", &r[0], &r[4])
        })
        .collect();
    let expected: BTreeSet<String> = report
        .timelines
        .iter()
        .flat_map(|t| {
            t.appearances
                .iter()
                .map(move |a| format!("{} {}", t.theme.key, a.meeting.start))
        })
        .collect();
    check(differences("CSV rows", &expected, &rows));
}

#[test]
fn the_binary_builds_the_store_then_reports_and_draws() {
    let dir = scratch("evolution-cli");
    let data = repo().join("data");
    let data = data.to_str().expect("UTF-8 path");
    let svg = dir.join("technology.svg");
    let out = ctockg(
        &dir,
        &[
            "evolution",
            "technology",
            "--data",
            data,
            "--store",
            "store",
            "--format",
            "markdown",
            "--svg",
            svg.to_str().expect("UTF-8 path"),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("## Technology (`technology`)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| 3. 利用技术包括信息通信技术"),
        "agenda item 3 in the table: {stdout}"
    );
    assert!(std::fs::read_to_string(&svg).is_ok_and(|s| s.starts_with("<?xml")));

    let out = ctockg(
        &dir,
        &["evolution", "weather", "--data", data, "--store", "store"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("unknown theme \"weather\"") && stderr.contains("root-causes"),
        "{stderr}"
    );

    let out = ctockg(&dir, &["evolution", "--data", data, "--store", "store"]);
    assert!(!out.status.success(), "THEME or --all is required");
}
