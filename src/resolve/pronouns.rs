//! Role nominals and pronouns inside one document: a role nominal to the main person, a
//! pronoun to the nearest earlier person of its gender in its own sentence, else to the main
//! person when the sentence before names them among others, else to the nearest earlier person
//! of its gender there (else the main person); first person in a quotation to its speaker.

use super::document::DocResolver;
use super::keys::ClusterKey;
use crate::extract::MentionForm;
use crate::ontology::Label;

/// How many speakers a chain of first-person pronouns may pass through.
const MAX_SPEAKER_DEPTH: usize = 4;

impl DocResolver<'_> {
    pub(super) fn attach_role_nominals(&mut self, salient: Option<&ClusterKey>) {
        let Some(key) = salient else { return };
        for (i, m) in self.ex.mentions.iter().enumerate() {
            if m.form != MentionForm::Role {
                continue;
            }
            let c = &self.clusters[key];
            if c.gender_agrees(m.female) {
                let name = c.name.clone();
                self.assign(
                    i,
                    key.clone(),
                    Label::Person,
                    &name,
                    "role nominal → the document's main person",
                );
            }
        }
    }

    /// Pronouns in text order.
    pub(super) fn attach_pronouns(&mut self, salient: Option<&ClusterKey>) {
        let ms = &self.ex.mentions;
        let mut order: Vec<usize> = (0..ms.len())
            .filter(|&i| ms[i].form == MentionForm::Pronoun)
            .collect();
        order.sort_by_key(|&i| ms[i].tokens.start);
        for i in order {
            self.resolve_pronoun(i, salient, 0);
        }
    }

    fn resolve_pronoun(
        &mut self,
        i: usize,
        salient: Option<&ClusterKey>,
        depth: usize,
    ) -> Option<ClusterKey> {
        if let Some(k) = self.key_of(i) {
            return Some(k);
        }
        if depth > MAX_SPEAKER_DEPTH {
            return None;
        }
        let (key, reason) = if self.ex.mentions[i].first_person {
            self.quotation_speaker(i, salient, depth)?
        } else {
            self.pronoun_antecedent(i, salient)?
        };
        let name = self.clusters[&key].name.clone();
        self.assign(i, key.clone(), Label::Person, &name, reason);
        Some(key)
    }

    fn quotation_speaker(
        &mut self,
        i: usize,
        salient: Option<&ClusterKey>,
        depth: usize,
    ) -> Option<(ClusterKey, &'static str)> {
        let ms = &self.ex.mentions;
        let speaker = ms[i]
            .quote
            .and_then(|q| self.ex.quote_speakers.get(q).copied().flatten())?;
        if ms[speaker].form == MentionForm::Pronoun {
            self.resolve_pronoun(speaker, salient, depth + 1)
        } else {
            self.key_of(speaker)
        }
        .map(|k| (k, "first person → the quotation's speaker"))
    }

    fn pronoun_antecedent(
        &self,
        i: usize,
        salient: Option<&ClusterKey>,
    ) -> Option<(ClusterKey, &'static str)> {
        let (same, before) = self.earlier_persons(i);
        let main = salient.filter(|s| same.is_empty() && before.contains(s));
        main.map(|k| {
            (
                k.clone(),
                "pronoun → the main person, named in the sentence before",
            )
        })
        .or_else(|| {
            let nearest = same.last().or(before.last()).cloned();
            nearest.map(|k| (k, "pronoun → nearest earlier person of its gender"))
        })
        .or_else(|| {
            let s = salient?;
            self.clusters[s]
                .gender_agrees(self.ex.mentions[i].female)
                .then(|| (s.clone(), "pronoun → the document's main person"))
        })
    }

    /// The named or role-nominal persons before the pronoun whose gender agrees, nearest last:
    /// those of its own sentence, and those of the sentence before.
    fn earlier_persons(&self, i: usize) -> (Vec<ClusterKey>, Vec<ClusterKey>) {
        let ms = &self.ex.mentions;
        let m = &ms[i];
        let mut found: Vec<(usize, bool, ClusterKey)> = Vec::new();
        let window = m.sentence.saturating_sub(1)..=m.sentence;
        for j in window.flat_map(|s| self.by_sentence[s].iter().copied()) {
            let o = &ms[j];
            if j == i
                || !matches!(o.form, MentionForm::Name | MentionForm::Role)
                || o.tokens.start >= m.tokens.start
                || o.sentence + 1 < m.sentence
                || o.label != Some(Label::Person)
            {
                continue;
            }
            if let Some(k) = self.key_of(j) {
                if self.clusters[&k].gender_agrees(m.female) {
                    found.push((o.tokens.start, o.sentence == m.sentence, k));
                }
            }
        }
        found.sort_by_key(|(start, _, _)| *start);
        let (same, before): (Vec<_>, Vec<_>) = found.into_iter().partition(|(_, own, _)| *own);
        let keys = |v: Vec<(usize, bool, ClusterKey)>| v.into_iter().map(|(_, _, k)| k).collect();
        (keys(same), keys(before))
    }
}
