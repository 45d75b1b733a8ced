//! The body a document is of, from its name in the heading, in the six languages.

use std::sync::LazyLock;

use regex::Regex;

use super::{Field, Masthead};

/// The bodies' names in the six languages, working groups first; the pattern allows a line
/// break anywhere a space is.
const BODIES: &[(&str, &str)] = &[
    ("wg7", "Working Group on (?:the )?Smuggling of Migrants"),
    (
        "wg7",
        "Groupe de travail sur le trafic illicite de migrants",
    ),
    (
        "wg7",
        "Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes",
    ),
    ("wg7", "Рабочая группа по незаконному ввозу мигрантов"),
    ("wg7", "الفريق العامل المعني بتهريب المهاجرين"),
    ("wg7", "偷运移民问题(?:不限成员名额政府间临时)?工作组"),
    ("wg4", "Working Group on Trafficking in Persons"),
    ("wg4", "Groupe de travail sur la traite des personnes"),
    ("wg4", "Grupo de Trabajo sobre la Trata de Personas"),
    ("wg4", "Рабочая группа по торговле людьми"),
    ("wg4", "الفريق العامل المعني بالاتجار بالأشخاص"),
    ("wg4", "贩运人口问题(?:不限成员名额)?工作组"),
    ("wg6", "Working Group on Firearms"),
    ("wg6", "Groupe de travail sur les armes à feu"),
    ("wg6", "Grupo de Trabajo sobre Armas de Fuego"),
    ("wg6", "Рабочая группа по огнестрельному оружию"),
    ("wg6", "الفريق العامل المعني بالأسلحة النارية"),
    ("wg6", "枪支问题工作组"),
    ("wg2", "Working Group on Technical Assistance"),
    ("wg2", "Groupe de travail sur l['’]assistance technique"),
    ("wg2", "Grupo de Trabajo sobre Asistencia Técnica"),
    ("wg2", "Рабочая группа по технической помощи"),
    ("wg2", "الفريق العامل المعني بالمساعدة التقنية"),
    ("wg2", "技术援助问题工作组"),
    ("wg3", "Working Group on International Cooperation"),
    ("wg3", "Groupe de travail sur la coopération internationale"),
    ("wg3", "Grupo de Trabajo sobre Cooperación Internacional"),
    ("wg3", "Рабочая группа по международному сотрудничеству"),
    ("wg3", "الفريق العامل المعني بالتعاون الدولي"),
    ("wg3", "国际合作问题工作组"),
    (
        "cop",
        "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
    ),
    (
        "cop",
        "Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée",
    ),
    (
        "cop",
        "Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional",
    ),
    (
        "cop",
        "Конференция участников Конвенции Организации Объединенных Наций против транснациональной организованной преступности",
    ),
    (
        "cop",
        "مؤتمر الأطراف في اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية",
    ),
    ("cop", r"联合国打击跨国有组织犯罪公约\s*缔约方会议"),
];

/// Each body's name as a pattern, its key the index into [`BODIES`].
static BODY: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    BODIES
        .iter()
        .map(|(_, name)| {
            let flexible = name.replace(' ', r"\s+");
            Regex::new(&format!("(?i){flexible}")).expect("valid regex")
        })
        .collect()
});

/// The body from its name in the heading: a working group's name wins over the Conference's,
/// which heads every working group's documents. Lines wholly taken by a name are heading lines.
pub(super) fn read_body(lines: &[String], heading: &mut [bool], m: &mut Masthead) {
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(lines.len());
    for line in lines {
        starts.push(joined.len());
        let line = line.trim();
        joined.push_str(line);
        joined.push('\n');
    }
    let line_of = |offset: usize| starts.partition_point(|s| *s <= offset).max(1) - 1;
    let mut first: Option<(usize, usize)> = None; // (index into BODIES, line index)
    for (b, re) in BODY.iter().enumerate() {
        for found in re.find_iter(&joined) {
            let (a, z) = (
                line_of(found.start()),
                line_of(found.end().saturating_sub(1)),
            );
            // the name fills its lines: part of the heading
            let whole =
                found.start() == starts[a] && (found.end() == starts[z] + lines[z].trim().len());
            if whole {
                for h in heading.iter_mut().take(z + 1).skip(a) {
                    *h = true;
                }
            }
            let better = match first {
                None => true,
                Some((fb, fl)) => {
                    let (wg, fwg) = (BODIES[b].0 != "cop", BODIES[fb].0 != "cop");
                    (wg && !fwg) || (wg == fwg && a < fl)
                }
            };
            if whole && better {
                first = Some((b, a));
            }
        }
    }
    if let Some((b, line)) = first {
        m.body = Some(Field {
            value: BODIES[b].0.to_owned(),
            line: line + 1,
        });
    }
}
