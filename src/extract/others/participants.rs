//! Who was there and who spoke, read from the fixed phrasing of French, Spanish, Russian and
//! Arabic reports: attendance lists by role ("Les États parties à la Convention ci-après étaient
//! représentés à la réunion : …"), speakers by agenda item ("Au titre du point 2 de l'ordre du
//! jour, des déclarations ont été faites par les représentants des États suivants : …",
//! "L'observateur de … a également fait une déclaration") and panellists with the State they
//! represent ("Mme Amina Diallo (Sénégal)"). The facts are those of the English rules
//! ([`crate::extract::english::participants`]); lists are read as they are
//! ([`crate::extract::attendance`]), with each language's names and joining words.

use super::{MeetingRules, Rules};
use crate::corpus::Block;
use crate::extract::attendance::{
    ItemWords, ListReader, Place, each_sentence, is_bracket_or_ellipsis, list_role, names_in,
    names_in_list, persons, record_statements,
};
use crate::extract::{DocumentFacts, ParticipationFact, Speaker};
use crate::gazetteer::{Gazetteer, Lang, Named};

/// The secretariat of the Conference and its working groups is UNODC.
const SECRETARIAT: &str = "UNODC";

/// Extracts attendance, statements and panellists from a report in the rules' language.
pub(super) fn extract(
    blocks: &[Block],
    rules: &Rules,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) {
    let Some(lang) = Lang::from_code(rules.code) else {
        return;
    };
    let words = &rules.meeting;
    let is_filler = |fragment: &str| {
        fragment.starts_with(char::is_lowercase)
            || is_bracket_or_ellipsis(fragment)
            || words
                .describes
                .as_ref()
                .is_some_and(|d| d.is_match(fragment))
            || words.secretariat.is_match(fragment)
    };
    let reader = ListReader {
        lang,
        joining: rules.words.meeting.joining,
        is_filler: &is_filler,
    };
    let items = ItemWords {
        considered: &words.item_considered,
        named: &words.items_named,
        abbreviations: rules.words.meeting.abbreviations,
    };
    each_sentence(blocks, &items, facts, |place, sentence, facts| {
        if !attendance(place.block, sentence, words, &reader, gazetteer, facts) {
            statements(place, sentence, words, &reader, gazetteer, facts);
        }
    });
}

/// Attendance: the sentence names a role, then lists after a colon, or names the entity itself
/// before its verb ("L'Union européenne, organisation régionale d'intégration économique partie à
/// la Convention, était représentée"). Returns whether the sentence was an attendance list.
fn attendance(
    block: usize,
    sentence: &str,
    words: &MeetingRules,
    reader: &ListReader<'_>,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) -> bool {
    let Some(verb) = words.attended.find(sentence) else {
        return false;
    };
    let (intro, list) = match sentence.split_once(':') {
        Some((intro, list)) if intro.len() >= verb.end() => (intro, list),
        _ => (&sentence[verb.start()..], &sentence[..verb.start()]),
    };
    let roles = words.roles;
    let Some(role) = list_role(intro, roles).or_else(|| list_role(list, roles)) else {
        return false;
    };
    for named in names_in_list(block, list, gazetteer, reader, facts) {
        facts.participations.push(ParticipationFact {
            participant: named,
            role: role.of(named, gazetteer),
            block,
        });
    }
    true
}

/// Statements: "des déclarations ont été faites par les représentants des États suivants : A, B
/// et C", "L'observateur de A a également fait une déclaration", "les débats ont été guidés par
/// les intervenants suivants : Mme X (Italie)…", "Un représentant du Secrétariat a fait une
/// déclaration liminaire".
fn statements(
    place: &Place<'_>,
    sentence: &str,
    words: &MeetingRules,
    reader: &ListReader<'_>,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) {
    let panel = words.panel.is_match(sentence);
    // "Les débats ont été guidés par les intervenants suivants : …" says no verb of speech
    let (verb_start, verb_end) = match (words.spoke.find(sentence), sentence.find(':')) {
        (Some(verb), _) => (verb.start(), verb.end()),
        (None, Some(colon)) if panel => (colon, colon),
        _ => return,
    };
    // where the speakers are named: after a colon, after "les représentants de" up to a verb of
    // speech, or before the verb as its subject
    let (region, listed) = match sentence.split_once(':') {
        Some((intro, list)) if intro.len() >= verb_end || words.following.is_match(intro) => {
            (list, true)
        }
        _ => match words.speaker_marker.find(sentence) {
            Some(marker) => {
                let end = words
                    .spoke
                    .find_at(sentence, marker.end())
                    .map_or(sentence.len(), |verb| verb.start());
                (&sentence[marker.end()..end], true)
            }
            None => (&sentence[..verb_start], false),
        },
    };
    let mut speakers: Vec<Speaker> = Vec::new();
    let region = persons(
        place,
        region,
        panel,
        &words.person,
        reader.lang,
        gazetteer,
        facts,
        &mut speakers,
    );
    let names = if listed {
        names_in_list(place.block, &region, gazetteer, reader, facts)
    } else {
        names_in(&region, gazetteer, reader.lang)
    };
    speakers.extend(names.into_iter().map(Speaker::Named));
    if speakers.is_empty()
        && words.secretariat.is_match(&region)
        && let Some(i) = gazetteer
            .organisations
            .iter()
            .position(|o| o.key == SECRETARIAT)
    {
        speakers.push(Speaker::Named(Named::Organisation(i)));
    }
    // a list says under which items when its paragraph does
    let is_list = listed && !panel && (speakers.len() > 1 || words.also.is_match(sentence));
    record_statements(place, &speakers, is_list, facts);
}
