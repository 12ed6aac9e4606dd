//! The SQL that reads, beside a listing's rows, the labels of the records
//! they reference (a developer's name, a request's title), merges followed.

use crate::domain::Kind;
use crate::domain::schema::FieldType;

/// The SQL that reads the labels of referenced records beside a listing.
pub(super) struct LabelJoins {
    /// `, r0.name, r1.title…` appended to the selected columns.
    pub(super) columns: String,
    /// ` LEFT JOIN developer r0 ON r0.id = t.developer…`
    pub(super) tables: String,
    /// Per named field: where its label is read, `None` when it is not a
    /// scalar reference (nothing joined).
    pub(super) slots: Vec<Option<Joined>>,
}

impl LabelJoins {
    /// The alias of the row joined for reference `field`, if any.
    pub(super) fn row_of(&self, field: &str) -> Option<String> {
        self.slots
            .iter()
            .flatten()
            .find(|joined| joined.field == field)
            .map(|joined| format!("r{}", joined.alias))
    }
}

/// One reference field whose label is read beside the listing.
pub(super) struct Joined {
    pub(super) field: &'static str,
    pub(super) target: Kind,
    /// Its joined row is aliased `r{alias}`.
    pub(super) alias: usize,
    /// Offset of its label after the record's columns.
    pub(super) label: usize,
    /// Offset of the flag telling that the record it names was merged
    /// (a row in `merged_link`), when records of `target` can be merged.
    pub(super) merged: Option<usize>,
}

/// One `LEFT JOIN` per scalar reference field of `kind` in `named`: the
/// planner keeps the listed table outside (its label index gives the order)
/// and finds each referenced row by its primary key; a reference to a
/// mergeable kind also probes `merged_link` by its primary key (the table
/// is empty or tiny: merges are rare). Names come from the schema only,
/// never from data.
pub(super) fn label_joins(kind: Kind, named: &[&str]) -> LabelJoins {
    let mut joins = LabelJoins {
        columns: String::new(),
        tables: String::new(),
        slots: Vec::with_capacity(named.len()),
    };
    let mut joined = 0;
    let mut offset = 0;
    for name in named {
        let target = kind
            .field(name)
            .and_then(|field| match (field.set, field.ty) {
                (None, FieldType::Ref(target)) => Some((field.name, target)),
                _ => None,
            });
        let Some((column, target)) = target else {
            joins.slots.push(None);
            continue;
        };
        joins
            .columns
            .push_str(&format!(", r{joined}.{}", target.label_field()));
        // A keyed reference (v29) finds its row by rowid, the key itself.
        let keyed = crate::store::sql::keyed(kind, column);
        let found_by = if keyed { "rowid" } else { "id" };
        joins.tables.push_str(&format!(
            " LEFT JOIN {} r{joined} ON r{joined}.{found_by} = t.{column}",
            target.table()
        ));
        let label = offset;
        offset += 1;
        let merged = if crate::store::merged::follows_merges(column, target) {
            joins
                .columns
                .push_str(&format!(", m{joined}.id IS NOT NULL"));
            // A link exists only beside the merged record's row, so the
            // row's id finds it when the reference is a key.
            let named_by = match keyed {
                true => format!("r{joined}.id"),
                false => format!("t.{column}"),
            };
            joins.tables.push_str(&format!(
                " LEFT JOIN merged_link m{joined} ON m{joined}.id = {named_by}"
            ));
            offset += 1;
            Some(offset - 1)
        } else {
            None
        };
        joins.slots.push(Some(Joined {
            field: column,
            target,
            alias: joined,
            label,
            merged,
        }));
        joined += 1;
    }
    joins
}
