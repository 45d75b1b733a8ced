//! A large synthetic corpus for benchmarks, made from the real one: new meetings with their own
//! dates, ordinals, symbols, chairs, agendas, attendance and speaker lists drawn from the
//! gazetteer, and bodies of text recombined from the seed documents' paragraphs (with their
//! citations and theme mentions), so that the graph grows as a real one would rather than as N
//! copies of the same facts. One meeting in three is written in English, its body drawn from
//! English paragraphs written for this generator ([`ENGLISH_PARAGRAPHS`]) in the phrasing of the
//! working groups' reports. The same seed number always writes the same bytes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::corpus::{self, BlockKind};
use crate::gazetteer::{Gazetteer, GazetteerError, OrganisationKind};

/// Why a corpus could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SynthError {
    /// The source corpus could not be read.
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    /// The gazetteer could not be read.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// Writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct SynthReport {
    /// Documents written.
    pub documents: usize,
    /// Meetings they belong to.
    pub meetings: usize,
    /// Bytes of document text.
    pub bytes: u64,
}

/// xorshift64*: small, fast and the same everywhere; statistical quality is not the point.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// `k` distinct indices below `n`, in ascending order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut chosen: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            chosen.swap(i, j);
        }
        chosen.truncate(k.min(n));
        chosen.sort_unstable();
        chosen
    }
}

fn chinese(n: usize) -> String {
    crate::numerals::chinese(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A working group of the synthetic record.
struct Body {
    key: &'static str,
    series: &'static str,
    name: &'static str,
    full_name: &'static str,
    protocol: &'static str,
    mandate: &'static str,
    name_en: &'static str,
    protocol_en: &'static str,
    mandate_en: &'static str,
}

const BODIES: [Body; 2] = [
    Body {
        key: "wg7",
        series: "CTOC/COP/WG.7",
        name: "偷运移民问题工作组",
        full_name: "偷运移民问题不限成员名额政府间临时工作组",
        protocol: "《打击偷运移民议定书》",
        mandate: "第 5/3 号决议",
        name_en: "Working Group on the Smuggling of Migrants",
        protocol_en: "the Smuggling of Migrants Protocol",
        mandate_en: "In its resolution 5/3, the Conference of the Parties to the United Nations Convention against Transnational Organized Crime decided to establish an open-ended interim working group on the smuggling of migrants.",
    },
    Body {
        key: "wg4",
        series: "CTOC/COP/WG.4",
        name: "贩运人口问题工作组",
        full_name: "贩运人口问题工作组",
        protocol: "《人口贩运议定书》",
        mandate: "第 4/4 号决定",
        name_en: "Working Group on Trafficking in Persons",
        protocol_en: "the Trafficking in Persons Protocol",
        mandate_en: "In its decision 4/4, the Conference of the Parties to the United Nations Convention against Transnational Organized Crime established the Working Group on Trafficking in Persons.",
    },
];

// Chairs are drawn from given × family names (576 people), each of whom represents one
// country for good, as in the record: a small fixed list, each chair seen with many countries,
// made every person represent a third of the world and multiplied the rows of any query
// joining people to the States they represent.
const GIVEN_NAMES: [&str; 24] = [
    "Maria", "John", "Anna", "Ahmed", "Li", "Olga", "Kwame", "Sofia", "Carlos", "Yuki", "Fatima",
    "Lars", "Amina", "Pedro", "Irina", "Tomas", "Nadia", "Rahul", "Elena", "Samuel", "Leila",
    "Marco", "Hana", "Jorge",
];
const FAMILY_NAMES: [&str; 24] = [
    "Lopez", "Smith", "Kowalska", "Hassan", "Wei", "Petrova", "Mensah", "Rossi", "Silva", "Tanaka",
    "Diallo", "Berg", "Okafor", "Novak", "Haddad", "Costa", "Ivanova", "Sharma", "Moreau",
    "Nguyen", "Karimi", "Bianchi", "Suzuki", "Mendez",
];

/// Days since 2009-01-01 (the first working-group meeting year) → (year, month, day).
fn civil(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's civil-from-days, counted from 1970-01-01 (14245 days before 2009-01-01)
    let z = days + 14_245 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// What the writer draws from: the seeds' paragraphs, agenda titles and names.
struct Material {
    paragraphs: Vec<String>,
    agenda_titles: Vec<String>,
    countries: Vec<String>,
    organisations: Vec<String>,
    agenda_titles_en: Vec<String>,
    /// The English names of `countries`, in the same order.
    countries_en: Vec<String>,
    organisations_en: Vec<String>,
}

fn material(data: &Path, gazetteer: &Gazetteer) -> Result<Material, SynthError> {
    let (_, entries) = corpus::discover(data)?;
    let mut paragraphs = Vec::new();
    for entry in &entries {
        let doc = corpus::read_document(data, entry)?;
        for block in doc.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph) {
            let text = block.text.replace('\n', "");
            // paragraphs that state dates, attendance or the agenda would restate the seeds'
            // meetings; the generator writes those facts itself
            let states_meeting = [
                "年",
                "出席",
                "发言",
                "议程：",
                "议程:",
                "通过了本次会议报告",
            ]
            .iter()
            .any(|w| text.contains(w));
            if !states_meeting && text.chars().count() > 30 {
                paragraphs.push(text);
            }
        }
    }
    let mut agenda_titles: Vec<String> = gazetteer
        .themes
        .iter()
        .filter(|t| t.is_top())
        .filter_map(|t| t.pref.get("zh").cloned())
        .collect();
    agenda_titles.extend(
        [
            "利用技术包括信息通信技术防止和调查偷运移民的成功战略",
            "自然灾害、冲突和危机对偷运移民路线的影响",
            "通过国际合作预防和打击偷运移民行为，同时解决其根源问题",
            "审议促进和支助执行议定书的方法",
        ]
        .map(String::from),
    );
    let mut agenda_titles_en: Vec<String> = gazetteer
        .themes
        .iter()
        .filter(|t| t.is_top())
        .filter_map(|t| t.pref.get("en").cloned())
        .collect();
    agenda_titles_en.extend(
        [
            "Successful strategies for the use of technology, including information and communications technology, to prevent and investigate the smuggling of migrants",
            "Impact of natural disasters, conflicts and crises on the routes of smuggling of migrants",
            "Preventing and combating the smuggling of migrants through international cooperation while addressing its root causes",
            "Consideration of ways to promote and support the implementation of the Protocol",
        ]
        .map(String::from),
    );
    let (countries, countries_en) = gazetteer
        .countries
        .iter()
        .filter(|c| c.zh.chars().count() >= 2)
        .map(|c| (c.zh.clone(), c.en.clone()))
        .unzip();
    let (organisations, organisations_en) = gazetteer
        .organisations
        .iter()
        .filter(|o| matches!(o.kind, OrganisationKind::Igo | OrganisationKind::UnEntity))
        .map(|o| (o.zh.clone(), o.en.clone()))
        .unzip();
    Ok(Material {
        paragraphs,
        agenda_titles,
        countries,
        organisations,
        agenda_titles_en,
        countries_en,
        organisations_en,
    })
}

/// Writes a corpus of `documents` documents under `out/data` (manifest, documents, and copies of
/// the instruments and gazetteer) and `out/ontology`, ready for `ctockg build --data out/data`.
pub fn write_corpus(
    data: &Path,
    ontology: &Path,
    out: &Path,
    documents: usize,
    seed: u64,
) -> Result<SynthReport, SynthError> {
    let gazetteer = Gazetteer::load(data, ontology)?;
    let material = material(data, &gazetteer)?;
    let out_data = out.join("data");
    let docs_dir = out_data.join("documents");
    create_dir(&docs_dir)?;
    copy_dir(&data.join("instruments"), &out_data.join("instruments"))?;
    copy_dir(&data.join("gazetteer"), &out_data.join("gazetteer"))?;
    copy_dir(ontology, &out.join("ontology"))?;

    let mut rng = Rng::new(seed);
    let mut report = SynthReport::default();
    let mut manifest = String::from("# A synthetic corpus written by `ctockg synth`.\n");
    let mut ordinals = [0usize; 2];
    let mut symbols_in_year = std::collections::BTreeMap::<(usize, i64), usize>::new();
    let mut meeting = 0usize;
    while report.documents < documents {
        let b = usize::from(rng.below(3) == 0);
        let body = &BODIES[b];
        ordinals[b] += 1;
        let ordinal = ordinals[b];
        // three days per meeting, the start somewhere in them: two meetings never share a day,
        // so no two share a key
        let start_day =
            i64::try_from(meeting).unwrap_or(0) * 3 + i64::try_from(rng.below(3)).unwrap_or(0);
        let (year, month, day) = civil(start_day);
        let end_day_index = start_day + 1 + i64::try_from(rng.below(2)).unwrap_or(0);
        let (_, end_month, end_day) = civil(end_day_index);
        let dates = if end_month == month {
            format!("{year} 年 {month} 月 {day} 日至 {end_day} 日")
        } else {
            format!("{year} 年 {month} 月 {day} 日至 {end_month} 月 {end_day} 日")
        };
        let meeting_key = format!("{}/{year:04}-{month:02}-{day:02}", body.key);
        let english = rng.below(3) == 0;
        let (language, dates_en) = if english {
            let (end_year, _, _) = civil(end_day_index);
            let dates_en = if end_year != year {
                format!(
                    "from {day} {} {year} to {end_day} {} {end_year}",
                    crate::numerals::MONTHS_EN[month as usize - 1],
                    crate::numerals::MONTHS_EN[end_month as usize - 1]
                )
            } else if end_month == month {
                format!(
                    "from {day} to {end_day} {} {year}",
                    crate::numerals::MONTHS_EN[month as usize - 1]
                )
            } else {
                format!(
                    "from {day} {} to {end_day} {} {year}",
                    crate::numerals::MONTHS_EN[month as usize - 1],
                    crate::numerals::MONTHS_EN[end_month as usize - 1]
                )
            };
            ("en", dates_en)
        } else {
            ("zh", String::new())
        };
        let mut next_symbol = |rng: &mut Rng| {
            let n = symbols_in_year.entry((b, year)).or_insert(0);
            *n += 1 + rng.below(2);
            format!("{}/{year}/{}", body.series, n)
        };
        let titles = if english {
            &material.agenda_titles_en
        } else {
            &material.agenda_titles
        };
        let papers: Vec<(String, String)> = (0..1 + rng.below(3))
            .map(|_| (next_symbol(&mut rng), rng.pick(titles).clone()))
            .collect();
        // the report
        let report_symbol = next_symbol(&mut rng);
        let text = if english {
            report_text_en(&mut rng, &material, body, ordinal, &dates_en, &papers)
        } else {
            report_text(&mut rng, &material, body, ordinal, &dates, &papers)
        };
        let file = format!(
            "documents/{}-{year}-{ordinal}-report.{language}.txt",
            body.key
        );
        write_document(&out_data, &file, &text, &mut report)?;
        let _ = write!(
            manifest,
            "\n[[document]]\nfile = \"{file}\"\nlanguage = \"{language}\"\nbody = \"{}\"\ntype = \"draft-report\"\nmeeting = \"{meeting_key}\"\nsymbol = \"{report_symbol}\"\n",
            body.key
        );
        // its background papers
        for (i, (symbol, title)) in papers.iter().enumerate() {
            if report.documents >= documents {
                break;
            }
            let text = if english {
                paper_text_en(&mut rng, body, ordinal, &dates_en, title, i + 2)
            } else {
                paper_text(&mut rng, &material, body, ordinal, &dates, title, i + 2)
            };
            let file = format!(
                "documents/{}-{year}-{ordinal}-paper-{}.{language}.txt",
                body.key,
                i + 1
            );
            write_document(&out_data, &file, &text, &mut report)?;
            let _ = write!(
                manifest,
                "\n[[document]]\nfile = \"{file}\"\nlanguage = \"{language}\"\nbody = \"{}\"\ntype = \"background-paper\"\nmeeting = \"{meeting_key}\"\nsymbol = \"{symbol}\"\n",
                body.key
            );
        }
        meeting += 1;
    }
    report.meetings = meeting;
    let path = out_data.join("manifest.toml");
    std::fs::write(&path, manifest).map_err(|source| SynthError::Io { path, source })?;
    Ok(report)
}

fn write_document(
    out_data: &Path,
    file: &str,
    text: &str,
    report: &mut SynthReport,
) -> Result<(), SynthError> {
    let path = out_data.join(file);
    std::fs::write(&path, text).map_err(|source| SynthError::Io { path, source })?;
    report.documents += 1;
    report.bytes += text.len() as u64;
    Ok(())
}

fn list(rng: &mut Rng, names: &[String], min: usize, max: usize) -> String {
    let k = min + rng.below(max - min + 1);
    let chosen: Vec<&str> = rng
        .sample(names.len(), k)
        .into_iter()
        .map(|i| names[i].as_str())
        .collect();
    chosen.join("、")
}

fn report_text(
    rng: &mut Rng,
    material: &Material,
    body: &Body,
    ordinal: usize,
    dates: &str,
    papers: &[(String, String)],
) -> String {
    let mut paragraphs = vec![format!(
        "依照联合国打击跨国有组织犯罪公约缔约方会议通过的{}，设立了{}。",
        body.mandate, body.full_name
    )];
    for _ in 0..4 + rng.below(8) {
        paragraphs.push(rng.pick(&material.paragraphs).clone());
    }
    paragraphs.push(format!(
        "{}第{}次会议于 {dates}在维也纳举行。",
        body.name,
        chinese(ordinal)
    ));
    let (given, family) = (rng.below(GIVEN_NAMES.len()), rng.below(FAMILY_NAMES.len()));
    let chair = format!("{} {}", GIVEN_NAMES[given], FAMILY_NAMES[family]);
    let person = given * FAMILY_NAMES.len() + family;
    let chair_country = &material.countries[person * 7919 % material.countries.len()];
    paragraphs.push(format!(
        "工作组主席 {chair}（{chair_country}）宣布会议开幕。"
    ));
    let titles = [
        rng.pick(&material.agenda_titles).clone(),
        rng.pick(&material.agenda_titles).clone(),
    ];
    paragraphs.push(format!(
        "工作组以协商一致的方式通过了以下议程：\n1. 组织事项。\n2. {}。\n3. {}。\n4. 其他事项。\n5. 通过报告。",
        titles[0], titles[1]
    ));
    paragraphs.push(format!(
        "在议程项目 2 下，{}下列缔约方的代表作了发言：{}。",
        body.protocol,
        list(rng, &material.countries, 3, 15)
    ));
    paragraphs.push(format!(
        "{}的下列缔约方派代表出席了本次会议：{}。",
        body.protocol,
        list(rng, &material.countries, 30, 90)
    ));
    paragraphs.push(format!(
        "下列政府间组织派观察员出席了会议：{}。",
        list(rng, &material.organisations, 2, 10)
    ));
    let received: Vec<String> = papers
        .iter()
        .enumerate()
        .map(|(i, (symbol, title))| {
            format!(
                "({}) 秘书处编写的背景文件，内容是{title}（{symbol}）；",
                char::from(b'a' + u8::try_from(i % 26).unwrap_or(0))
            )
        })
        .collect();
    paragraphs.push(format!("工作组收到了下列文件：\n{}", received.join("\n")));
    paragraphs.push("工作组通过了本次会议报告。".to_owned());
    let mut text = format!(" {dates}，维也纳 \n\n  报告草稿 \n\n一. 导言\n\n");
    layout(rng, &mut text, &paragraphs);
    text
}

fn paper_text(
    rng: &mut Rng,
    material: &Material,
    body: &Body,
    ordinal: usize,
    dates: &str,
    title: &str,
    item: usize,
) -> String {
    let mut paragraphs = vec![format!(
        "本背景文件由秘书处编写，旨在促进{}第{}次会议的讨论。",
        body.name,
        chinese(ordinal)
    )];
    for _ in 0..5 + rng.below(10) {
        paragraphs.push(rng.pick(&material.paragraphs).clone());
    }
    let mut text = format!(
        "{}\n\n{dates}，维也纳\n\n临时议程项目{item}\n\n{title}\n\n秘书处编写的背景文件\n\n一. 导言\n\n",
        body.name
    );
    layout(rng, &mut text, &paragraphs);
    text
}

/// Paragraphs for the bodies of English documents, written for this generator in the phrasing
/// of the working groups' reports and background papers (not copied from them): each cites
/// acts, provisions or documents, or names countries and themes, as real paragraphs do.
const ENGLISH_PARAGRAPHS: [&str; 16] = [
    "Several speakers noted that the COVID-19 pandemic had changed the routes used by smugglers and had increased the fees charged to migrants, and called for international cooperation to address those changes.",
    "The Working Group recalled that, in accordance with article 3 (a) of the Smuggling of Migrants Protocol, the smuggling of migrants requires a financial or other material benefit.",
    "Speakers highlighted the use of information and communications technology by smugglers to advertise their services and to communicate with migrants, and the use of technology by law enforcement to investigate smuggling.",
    "States parties were encouraged to make full use of article 27, paragraph 1 (e), of the Organized Crime Convention and of paragraphs 1 and 2 of article 19 of the Protocol.",
    "In its resolution 7/1, the Conference encouraged States parties to strengthen the criminal justice response to the smuggling of migrants, including through financial investigations and the prosecution of organizers.",
    "Several speakers stressed the need to protect the rights of smuggled migrants, in particular women and children, in accordance with article 16 of the Protocol, and to provide assistance to migrants whose lives or safety are endangered.",
    "The Working Group noted that poverty, armed conflict and the lack of regular migration channels were among the root causes of the smuggling of migrants.",
    "Speakers described awareness-raising campaigns on the dangers of irregular migration and other measures to prevent the smuggling of migrants, as provided for in article 15 of the Protocol.",
    "Several speakers referred to the smuggling of migrants by sea and to the obligations of States under articles 7 to 9 of the Smuggling of Migrants Protocol, and to the need to save lives at sea.",
    "Speakers noted the increase in the smuggling of migrants by air, including through the use of fraudulent travel documents, and the role of airline staff in detecting it, in line with article 11 of the Protocol.",
    "The Working Group recalled General Assembly resolution 55/25, by which the Assembly adopted the Organized Crime Convention and the Protocols thereto, and Conference decision 4/4.",
    "Speakers underlined that the interpretation of article 6, paragraph 1, of the Protocol should not lead to the criminalization of migrants, and that article 5 of the Protocol protects migrants from prosecution for having been smuggled.",
    "The Working Group took note of the background paper prepared by the Secretariat for its previous meeting (CTOC/COP/WG.7/2019/2) and of the guidance it contains on mutual legal assistance.",
    "Several speakers called for joint investigations and the exchange of information between countries of origin, transit and destination, as provided for in article 10 of the Smuggling of Migrants Protocol.",
    "The Working Group recommended that States parties ensure that the victims of trafficking in persons among smuggled migrants are identified and protected in accordance with article 6, paragraph 3, of the Trafficking in Persons Protocol.",
    "Speakers shared experiences of natural disasters and crises that had displaced populations and made migrants more vulnerable to smugglers, and the measures taken in response.",
];

/// `A, B and C`.
fn list_en(rng: &mut Rng, names: &[String], min: usize, max: usize) -> String {
    let k = min + rng.below(max - min + 1);
    let chosen: Vec<&str> = rng
        .sample(names.len(), k)
        .into_iter()
        .map(|i| names[i].as_str())
        .collect();
    match chosen.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => chosen.concat(),
    }
}

/// The sentence that states a meeting, with its ordinal where the English rules have a word
/// for it.
fn held_en(body: &Body, ordinal: usize, dates: &str) -> String {
    match crate::extract::english::meeting::ordinal_word(ordinal) {
        Some(word) => format!(
            "The {word} meeting of the {} was held in Vienna {dates}.",
            body.name_en
        ),
        None => format!("The {} held its meeting in Vienna {dates}.", body.name_en),
    }
}

fn report_text_en(
    rng: &mut Rng,
    material: &Material,
    body: &Body,
    ordinal: usize,
    dates: &str,
    papers: &[(String, String)],
) -> String {
    let mut paragraphs = vec![body.mandate_en.to_owned()];
    for _ in 0..4 + rng.below(8) {
        paragraphs.push((*rng.pick(&ENGLISH_PARAGRAPHS)).to_owned());
    }
    paragraphs.push(held_en(body, ordinal, dates));
    let (given, family) = (rng.below(GIVEN_NAMES.len()), rng.below(FAMILY_NAMES.len()));
    let chair = format!("{} {}", GIVEN_NAMES[given], FAMILY_NAMES[family]);
    let person = given * FAMILY_NAMES.len() + family;
    let chair_country = &material.countries_en[person * 7919 % material.countries_en.len()];
    paragraphs.push(format!(
        "The meeting was chaired by {chair} ({chair_country})."
    ));
    let titles = [
        rng.pick(&material.agenda_titles_en).clone(),
        rng.pick(&material.agenda_titles_en).clone(),
    ];
    paragraphs.push(format!(
        "The Working Group adopted the following agenda:\n1. Organizational matters.\n2. {}.\n3. {}.\n4. Other matters.\n5. Adoption of the report.",
        titles[0], titles[1]
    ));
    paragraphs.push(format!(
        "Under agenda item 2, statements were made by the representatives of the following States parties to {}: {}.",
        body.protocol_en,
        list_en(rng, &material.countries_en, 3, 15)
    ));
    paragraphs.push(format!(
        "The following States parties to {} were represented at the meeting: {}.",
        body.protocol_en,
        list_en(rng, &material.countries_en, 30, 90)
    ));
    paragraphs.push(format!(
        "The following intergovernmental organizations were represented by observers: {}.",
        list_en(rng, &material.organisations_en, 2, 10)
    ));
    let received: Vec<String> = papers
        .iter()
        .enumerate()
        .map(|(i, (symbol, title))| {
            format!(
                "({}) Background paper prepared by the Secretariat on {title} ({symbol});",
                char::from(b'a' + u8::try_from(i % 26).unwrap_or(0))
            )
        })
        .collect();
    paragraphs.push(format!(
        "The Working Group had before it the following documents:\n{}",
        received.join("\n")
    ));
    paragraphs.push("The Working Group adopted the report on its meeting.".to_owned());
    let mut text = format!(
        "{}\n\nVienna, {dates}\n\nDraft report\n\nI. Introduction\n\n",
        body.name_en
    );
    layout_en(rng, &mut text, &paragraphs);
    text
}

fn paper_text_en(
    rng: &mut Rng,
    body: &Body,
    ordinal: usize,
    dates: &str,
    title: &str,
    item: usize,
) -> String {
    let meeting = crate::extract::english::meeting::ordinal_word(ordinal)
        .map_or_else(|| "next".to_owned(), ToOwned::to_owned);
    let mut paragraphs = vec![format!(
        "The present background paper has been prepared by the Secretariat to facilitate the deliberations of the {meeting} meeting of the {}.",
        body.name_en
    )];
    for _ in 0..5 + rng.below(10) {
        paragraphs.push((*rng.pick(&ENGLISH_PARAGRAPHS)).to_owned());
    }
    let mut text = format!(
        "{}\n\nVienna, {dates}\n\nItem {item} of the provisional agenda\n\n{title}\n\nBackground paper prepared by the Secretariat\n\nI. Introduction\n\n",
        body.name_en
    );
    layout_en(rng, &mut text, &paragraphs);
    text
}

/// Half the English documents as one line per paragraph, half wrapped at 80 characters between
/// words, as text taken from a PDF comes.
fn layout_en(rng: &mut Rng, out: &mut String, paragraphs: &[String]) {
    let wrapped = rng.below(2) == 0;
    for (i, paragraph) in paragraphs.iter().enumerate() {
        for line in format!("{}. {paragraph}", i + 1).split('\n') {
            if wrapped {
                let mut width = 0;
                for word in line.split(' ') {
                    if width > 0 && width + word.len() > 80 {
                        out.push('\n');
                        width = 0;
                    } else if width > 0 {
                        out.push(' ');
                        width += 1;
                    }
                    out.push_str(word);
                    width += word.len();
                }
                out.push('\n');
            } else {
                out.push_str(line);
                out.push('\n');
            }
            out.push('\n');
        }
    }
}

/// Half the documents as one line per paragraph, half as PDF text wrapped at 38 characters with
/// a blank line after every printed line, as the seeds come.
fn layout(rng: &mut Rng, out: &mut String, paragraphs: &[String]) {
    let wrapped = rng.below(2) == 0;
    for (i, paragraph) in paragraphs.iter().enumerate() {
        for line in format!("{}. {paragraph}", i + 1).split('\n') {
            if wrapped {
                let chars: Vec<char> = line.chars().collect();
                for chunk in chars.chunks(38) {
                    out.extend(chunk);
                    out.push_str(" \n\n");
                }
            } else {
                out.push_str(line);
                out.push_str("\n\n");
            }
        }
    }
}

fn create_dir(path: &Path) -> Result<(), SynthError> {
    std::fs::create_dir_all(path).map_err(|source| SynthError::Io {
        path: path.to_owned(),
        source,
    })
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), SynthError> {
    create_dir(to)?;
    let entries = std::fs::read_dir(from).map_err(|source| SynthError::Io {
        path: from.to_owned(),
        source,
    })?;
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_file() {
            std::fs::copy(entry.path(), &target).map_err(|source| SynthError::Io {
                path: target.clone(),
                source,
            })?;
        }
    }
    Ok(())
}
