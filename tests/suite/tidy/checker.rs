//! The tidy checker: parses a source file with `syn`, lists every path it
//! reaches — `use` trees (groups, renames, globs, `self`, `super::` chains),
//! paths in types, expressions and patterns, paths and macros inside macro
//! calls and attributes — resolved to an absolute form, then checks them
//! against the layering rules. Items gated by `#[cfg(test)]` (or `#[test]`)
//! are skipped, and nothing else is.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Attribute, Item, UseTree};

/// The internal layers each layer may reach: a whitelist, so that a new
/// layer is forbidden everywhere until it is given a row. `lib` (the crate
/// root, which only declares the modules) is not checked.
pub const LAYERS: &[(&str, &[&str])] = &[
    ("domain", &["i18n"]),
    ("i18n", &[]),
    ("store", &["domain", "i18n"]),
    ("sync", &["store", "domain", "i18n"]),
    ("search", &["domain", "i18n"]),
    ("report", &["store", "domain", "i18n"]),
    (
        "app",
        &["store", "sync", "search", "report", "domain", "i18n"],
    ),
    // The interfaces: one door (`app`) into the core. The CLI may start the TUI.
    ("tui", &["app", "domain", "i18n"]),
    ("cli", &["app", "tui", "domain", "i18n"]),
    ("main", &["cli"]),
];

/// The core layers the interfaces must reach only through `app`.
pub const BEHIND_THE_DOOR: &[&str] = &["store", "sync", "report", "search"];
/// The interfaces.
pub const INTERFACES: &[&str] = &["cli", "tui"];
/// Plain data the core derives that `app` hands to the interfaces as it is
/// (records to render, a clock, the shape of a listing): reading them gives an
/// interface no way to change anything. Everything else stays behind the door.
pub const SHARED_DATA: &[&str] = &[
    "crate::store::Record",
    "crate::store::HistoryEntry",
    "crate::store::ApplyStep",
    "crate::store::short_id",
    "crate::store::SystemClock",
    "crate::store::BrowseQuery",
    "crate::store::SkilledDeveloper",
    "crate::store::PurgeAct",
    "crate::report::Indicators",
    "crate::report::opendata::directory::SkipReason",
    "crate::report::opendata::directory::Skipped",
    "crate::report::opendata::directory::DirectoryFormat",
    "crate::report::opendata::Format",
    "crate::report::document::AreaReport",
    "crate::report::document::Finances",
    "crate::report::document::ReportDocument",
    "crate::report::render::ReportFormat",
];

/// (external crate, layers allowed to use it)
pub const CRATES: &[(&str, &[&str])] = &[
    ("rusqlite", &["store"]),
    ("ratatui", &["tui"]),
    ("crossterm", &["tui"]),
    ("anyhow", &["cli", "main"]),
    ("clap", &["cli"]),
];

/// Layers that do no I/O.
pub const PURE: &[&str] = &["domain", "i18n"];
/// Path prefixes that are I/O (or read the machine's clock or environment).
pub const IO_PATHS: &[&[&str]] = &[
    &["std", "fs"],
    &["std", "net"],
    &["std", "process"],
    &["std", "env"],
    &["std", "os"],
    &["std", "io", "stdin"],
    &["std", "io", "stdout"],
    &["std", "io", "stderr"],
    &["std", "time", "SystemTime", "now"],
    &["std", "time", "Instant", "now"],
    &["std", "thread", "sleep"],
    &["chrono", "Utc", "now"],
    &["chrono", "Local", "now"],
    &["rusqlite"],
];
/// Macros that write to the terminal.
pub const IO_MACROS: &[&str] = &["print", "println", "eprint", "eprintln", "dbg"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A layer reaches one it may not (`LAYERS`).
    Layer,
    /// `cli` or `tui` reaches `store`, `sync`, `report` or `search`.
    OneDoor,
    /// An external crate outside its layer (`CRATES`).
    Crate,
    /// I/O in `domain` or `i18n`.
    Io,
    /// `app` hands a core item to the interfaces (`pub use crate::store::…`,
    /// a `pub` field of a core type), a way around the one door.
    Leak,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub rule: Rule,
    pub file: String,
    pub line: usize,
    /// The path as resolved (`crate::store::Store`, `std::fs::read`, `println!`).
    pub path: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {} ({:?})",
            self.file, self.line, self.path, self.rule
        )
    }
}

/// One path a file reaches, resolved: internal paths start with `crate`,
/// anything else starts with its crate's name (or is a local name).
#[derive(Clone, Debug)]
pub struct Reference {
    pub line: usize,
    pub path: Vec<String>,
    /// Set for a macro call (`println!`): `path` is the macro's path.
    pub is_macro: bool,
    /// Set when the file hands the path on: a `pub use`, or the type of a
    /// `pub` field.
    pub exposed: bool,
}

/// What a file holds, for the checks.
#[derive(Debug, Default)]
pub struct Scan {
    pub references: Vec<Reference>,
    /// String literals with their line (catalog keys are among them).
    pub strings: Vec<(usize, String)>,
}

/// The module path of a file under `src/`, given as `src/a/b.rs`:
/// `["crate", "a", "b"]`; `mod.rs`, `lib.rs` and `main.rs` name their folder.
pub fn module_path(relative: &str) -> Vec<String> {
    let mut path = vec!["crate".to_string()];
    let inner = relative.strip_prefix("src/").unwrap_or(relative);
    let parts: Vec<&str> = inner.split('/').collect();
    for (index, part) in parts.iter().enumerate() {
        let last = index + 1 == parts.len();
        if !last {
            path.push((*part).to_string());
            continue;
        }
        let stem = part.trim_end_matches(".rs");
        let is_root = index == 0 && (stem == "lib" || stem == "main");
        if stem != "mod" && !is_root {
            path.push(stem.to_string());
        }
    }
    path
}

/// The layer of a file under `src/`: its first folder or file stem
/// (`main` and `lib` for the crate roots).
pub fn layer_of(relative: &str) -> String {
    let inner = relative.strip_prefix("src/").unwrap_or(relative);
    let first = inner.split('/').next().unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// Parses and scans one file. `relative` is its path from the crate root
/// (`src/cli/sync.rs`), real or pretend.
pub fn scan(relative: &str, source: &str) -> Result<Scan, String> {
    let file = syn::parse_file(source).map_err(|err| format!("{relative}: {err}"))?;
    let mut scan = Scan::default();
    if is_test_only(&file.attrs) {
        return Ok(scan);
    }
    let module = module_path(relative);
    let mut walker = Walker {
        scopes: vec![Scope::of(&module, &file.items)],
        scan: &mut scan,
        exposed: false,
    };
    for item in &file.items {
        walker.visit_item(item);
    }
    Ok(scan)
}

/// The violations of one file.
pub fn check(relative: &str, source: &str) -> Result<Vec<Violation>, String> {
    let scan = scan(relative, source)?;
    Ok(violations(relative, &scan))
}

/// Applies the rules to a scanned file.
pub fn violations(relative: &str, scan: &Scan) -> Vec<Violation> {
    let layer = layer_of(relative);
    let mut out = Vec::new();
    if layer == "lib" {
        return out;
    }
    let allowed = LAYERS
        .iter()
        .find(|(name, _)| *name == layer)
        .map(|(_, allowed)| *allowed);
    for reference in &scan.references {
        let rules = rules_broken(&layer, allowed, reference);
        for rule in rules {
            out.push(Violation {
                rule,
                file: relative.to_string(),
                line: reference.line,
                path: display(reference),
            });
        }
    }
    out.dedup();
    out
}

fn rules_broken(layer: &str, allowed: Option<&[&str]>, reference: &Reference) -> Vec<Rule> {
    let path = &reference.path;
    let first = path.first().map(String::as_str).unwrap_or_default();
    let mut broken = Vec::new();
    if first == "crate" {
        if let Some(target) = path.get(1) {
            let shared = SHARED_DATA.contains(&path.join("::").as_str());
            let exposed = reference.exposed && !shared;
            internal_rules(layer, allowed, target, exposed, &mut broken);
        }
        return broken;
    }
    if let Some((_, layers)) = CRATES.iter().find(|(name, _)| *name == first)
        && !layers.contains(&layer)
    {
        broken.push(Rule::Crate);
    }
    if PURE.contains(&layer) && is_io(reference) {
        broken.push(Rule::Io);
    }
    broken
}

/// The rules for a path into the crate's own layer `target`.
fn internal_rules(
    layer: &str,
    allowed: Option<&[&str]>,
    target: &str,
    exposed: bool,
    broken: &mut Vec<Rule>,
) {
    if target == layer || !LAYERS.iter().any(|(name, _)| *name == target) {
        return;
    }
    let behind_the_door = BEHIND_THE_DOOR.contains(&target);
    if layer == "app" && exposed && behind_the_door {
        broken.push(Rule::Leak);
    }
    if INTERFACES.contains(&layer) && behind_the_door {
        broken.push(Rule::OneDoor);
    } else if !allowed.is_some_and(|allowed| allowed.contains(&target)) {
        broken.push(Rule::Layer);
    }
}

/// A path under one of `IO_PATHS`, or a call of one of `IO_MACROS`
/// (`println!`, `std::println!`).
fn is_io(reference: &Reference) -> bool {
    let path = &reference.path;
    if reference.is_macro {
        let name = path.last().map(String::as_str).unwrap_or_default();
        return IO_MACROS.contains(&name) && path.len() <= 2;
    }
    IO_PATHS.iter().any(|prefix| {
        prefix.len() <= path.len() && prefix.iter().zip(path).all(|(a, b)| *a == b.as_str())
    })
}

fn display(reference: &Reference) -> String {
    let mut text = reference.path.join("::");
    if reference.is_macro {
        text.push('!');
    }
    text
}

/// Whether attributes gate an item to test builds: `#[test]`,
/// `#[cfg(test)]`, `#[cfg(all(test, …))]`.
pub fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        if attr.path().is_ident("test") {
            return true;
        }
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Meta>()
                .is_ok_and(|meta| requires_test(&meta))
    })
}

fn requires_test(meta: &syn::Meta) -> bool {
    match meta {
        syn::Meta::Path(path) => path.is_ident("test"),
        syn::Meta::List(list) if list.path.is_ident("all") => list
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|inner| inner.iter().any(requires_test)),
        _ => false,
    }
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// One leaf of a `use` tree: the full path as written and the name it binds.
struct UseLeaf {
    path: Vec<String>,
    leading_colon: bool,
    binds: Option<String>,
    line: usize,
}

fn use_leaves(
    tree: &UseTree,
    prefix: &mut Vec<String>,
    leading_colon: bool,
    out: &mut Vec<UseLeaf>,
) {
    match tree {
        UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            use_leaves(&path.tree, prefix, leading_colon, out);
            prefix.pop();
        }
        UseTree::Name(name) => {
            let ident = name.ident.to_string();
            out.push(leaf(
                prefix,
                &ident,
                Some(ident.clone()),
                leading_colon,
                line_of(&name.ident),
            ));
        }
        UseTree::Rename(rename) => {
            let ident = rename.ident.to_string();
            let binds = Some(rename.rename.to_string()).filter(|name| name != "_");
            out.push(leaf(
                prefix,
                &ident,
                binds,
                leading_colon,
                line_of(&rename.ident),
            ));
        }
        UseTree::Glob(glob) => out.push(UseLeaf {
            path: prefix.clone(),
            leading_colon,
            binds: None,
            line: glob.star_token.span.start().line,
        }),
        UseTree::Group(group) => {
            for tree in &group.items {
                use_leaves(tree, prefix, leading_colon, out);
            }
        }
    }
}

/// `use a::b::{self}` binds `b` to `a::b`; `use a::b` binds `b` to `a::b`.
fn leaf(
    prefix: &[String],
    ident: &str,
    binds: Option<String>,
    leading_colon: bool,
    line: usize,
) -> UseLeaf {
    let mut path = prefix.to_vec();
    let binds = if ident == "self" {
        binds.map(|name| {
            if name == "self" {
                prefix.last().cloned().unwrap_or_default()
            } else {
                name
            }
        })
    } else {
        path.push(ident.to_string());
        binds
    };
    UseLeaf {
        path,
        leading_colon,
        binds,
        line,
    }
}

fn line_of(ident: &syn::Ident) -> usize {
    ident.span().start().line
}

/// What a module knows by name: its path, its child modules, and the names
/// its `use` declarations bind (anywhere in the module, fn bodies included).
struct Scope {
    module: Vec<String>,
    children: HashSet<String>,
    bindings: HashMap<String, (Vec<String>, bool)>,
}

impl Scope {
    fn of(module: &[String], items: &[Item]) -> Scope {
        let mut collector = Bindings::default();
        for item in items {
            collector.visit_item(item);
        }
        Scope {
            module: module.to_vec(),
            children: collector.children,
            bindings: collector.bindings,
        }
    }
}

/// Collects a module's child modules and `use` bindings, without entering
/// child modules (each has its own scope) or test-only items.
#[derive(Default)]
struct Bindings {
    children: HashSet<String>,
    bindings: HashMap<String, (Vec<String>, bool)>,
}

impl<'ast> Visit<'ast> for Bindings {
    fn visit_item(&mut self, item: &'ast Item) {
        if !is_test_only(item_attrs(item)) {
            visit::visit_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        self.children.insert(module.ident.to_string());
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut leaves = Vec::new();
        use_leaves(
            &item.tree,
            &mut Vec::new(),
            item.leading_colon.is_some(),
            &mut leaves,
        );
        for leaf in leaves {
            if let Some(name) = leaf.binds {
                self.bindings.insert(name, (leaf.path, leaf.leading_colon));
            }
        }
    }
}

struct Walker<'s> {
    scopes: Vec<Scope>,
    scan: &'s mut Scan,
    /// Inside a `pub use` or the type of a `pub` field.
    exposed: bool,
}

impl Walker<'_> {
    fn scope(&self) -> Option<&Scope> {
        self.scopes.last()
    }

    /// Resolves a path as written in the current module: `crate`, `self`,
    /// `super` chains, the library's own name, child modules and names bound
    /// by `use`; anything else is left as written (an external crate, a
    /// local name, a prelude item).
    fn resolve(&self, path: &[String], leading_colon: bool, depth: usize) -> Option<Vec<String>> {
        let first = path.first()?;
        if leading_colon {
            return Some(path.to_vec());
        }
        let scope = self.scope()?;
        let rest = &path[1..];
        let joined = |base: &[String], rest: &[String]| {
            let mut out = base.to_vec();
            out.extend_from_slice(rest);
            out
        };
        match first.as_str() {
            "crate" | "relais" => Some(joined(&["crate".to_string()], rest)),
            "self" => Some(joined(&scope.module, rest)),
            "super" => {
                let mut base = scope.module.clone();
                let mut rest = path;
                while rest.first().is_some_and(|s| s == "super") {
                    if base.len() <= 1 {
                        return None;
                    }
                    base.pop();
                    rest = &rest[1..];
                }
                Some(joined(&base, rest))
            }
            "Self" => None,
            name if scope.children.contains(name) => Some(joined(&scope.module, path)),
            name => match scope.bindings.get(name) {
                // A depth limit: `use log::log;` binds a name to itself.
                Some((target, colon)) if depth < 8 && !(target.len() == 1 && target[0] == name) => {
                    let target = self.resolve(target, *colon, depth + 1)?;
                    Some(joined(&target, rest))
                }
                _ => Some(path.to_vec()),
            },
        }
    }

    fn reference(&mut self, line: usize, path: &[String], leading_colon: bool, is_macro: bool) {
        if let Some(resolved) = self.resolve(path, leading_colon, 0) {
            self.scan.references.push(Reference {
                line,
                path: resolved,
                is_macro,
                exposed: self.exposed,
            });
        }
    }

    /// Paths (`a::b`, `::a`, `crate::a::b`), macro calls and string literals
    /// inside a token stream (macro arguments, attribute arguments).
    fn tokens(&mut self, stream: TokenStream) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let mut index = 0;
        while index < tokens.len() {
            match &tokens[index] {
                TokenTree::Group(group) => {
                    self.tokens(group.stream());
                    index += 1;
                }
                TokenTree::Literal(literal) => {
                    let stream = TokenStream::from(TokenTree::Literal(literal.clone()));
                    if let Ok(text) = syn::parse2::<syn::LitStr>(stream) {
                        self.scan
                            .strings
                            .push((literal.span().start().line, text.value()));
                    }
                    index += 1;
                }
                _ => index = self.token_path(&tokens, index),
            }
        }
    }

    /// Reads a path starting at `start`, records it when it has two
    /// segments or more (or is a macro call), and returns where to go on.
    fn token_path(&mut self, tokens: &[TokenTree], start: usize) -> usize {
        let is_colons = |at: usize| {
            matches!((tokens.get(at), tokens.get(at + 1)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
        };
        let mut at = start;
        let leading_colon = is_colons(at);
        if leading_colon {
            at += 2;
        }
        let mut segments = Vec::new();
        let mut line = 0;
        while let Some(TokenTree::Ident(ident)) = tokens.get(at) {
            if segments.is_empty() {
                line = ident.span().start().line;
            }
            segments.push(ident.to_string());
            at += 1;
            if is_colons(at) && matches!(tokens.get(at + 2), Some(TokenTree::Ident(_))) {
                at += 2;
            } else {
                break;
            }
        }
        if segments.is_empty() {
            return start + 1;
        }
        let is_macro = matches!(tokens.get(at), Some(TokenTree::Punct(p)) if p.as_char() == '!')
            && matches!(tokens.get(at + 1), Some(TokenTree::Group(_)));
        if segments.len() >= 2 || leading_colon || is_macro {
            self.reference(line, &segments, leading_colon, is_macro);
        }
        at
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if !is_test_only(item_attrs(item)) {
            visit::visit_item(self, item);
        }
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs = match item {
            syn::ImplItem::Const(i) => &i.attrs,
            syn::ImplItem::Fn(i) => &i.attrs,
            syn::ImplItem::Type(i) => &i.attrs,
            syn::ImplItem::Macro(i) => &i.attrs,
            _ => return visit::visit_impl_item(self, item),
        };
        if !is_test_only(attrs) {
            visit::visit_impl_item(self, item);
        }
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        let attrs = match item {
            syn::TraitItem::Const(i) => &i.attrs,
            syn::TraitItem::Fn(i) => &i.attrs,
            syn::TraitItem::Type(i) => &i.attrs,
            syn::TraitItem::Macro(i) => &i.attrs,
            _ => return visit::visit_trait_item(self, item),
        };
        if !is_test_only(attrs) {
            visit::visit_trait_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        for attr in &module.attrs {
            self.visit_attribute(attr);
        }
        // A file module (`mod x;`) is checked as its own file.
        let Some((_, items)) = &module.content else {
            return;
        };
        let Some(mut path) = self.scope().map(|scope| scope.module.clone()) else {
            return;
        };
        path.push(module.ident.to_string());
        self.scopes.push(Scope::of(&path, items));
        for item in items {
            self.visit_item(item);
        }
        self.scopes.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        for attr in &item.attrs {
            self.visit_attribute(attr);
        }
        let mut leaves = Vec::new();
        use_leaves(
            &item.tree,
            &mut Vec::new(),
            item.leading_colon.is_some(),
            &mut leaves,
        );
        self.exposed = matches!(item.vis, syn::Visibility::Public(_));
        for leaf in leaves {
            self.reference(leaf.line, &leaf.path, leaf.leading_colon, false);
        }
        self.exposed = false;
    }

    fn visit_field(&mut self, field: &'ast syn::Field) {
        let outer = self.exposed;
        self.exposed = matches!(field.vis, syn::Visibility::Public(_));
        visit::visit_field(self, field);
        self.exposed = outer;
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        let name = vec![item.ident.to_string()];
        self.reference(line_of(&item.ident), &name, true, false);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(first) = path.segments.first() {
            let line = line_of(&first.ident);
            self.reference(line, &segments, path.leading_colon.is_some(), false);
        }
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let segments: Vec<String> = mac
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if let Some(first) = mac.path.segments.first() {
            let line = line_of(&first.ident);
            self.reference(line, &segments, mac.path.leading_colon.is_some(), true);
        }
        // Not `visit::visit_macro`: the path is recorded above, as a macro.
        self.tokens(mac.tokens.clone());
    }

    fn visit_attribute(&mut self, attr: &'ast Attribute) {
        // Doc comments are prose, not code.
        if attr.path().is_ident("doc") {
            return;
        }
        if let syn::Meta::List(list) = &attr.meta {
            self.tokens(list.tokens.clone());
        }
        if let syn::Meta::NameValue(pair) = &attr.meta {
            self.visit_expr(&pair.value);
        }
    }

    fn visit_lit_str(&mut self, literal: &'ast syn::LitStr) {
        self.scan
            .strings
            .push((literal.span().start().line, literal.value()));
    }
}

/// The child modules a file declares as test-only (`#[cfg(test)] mod x;`),
/// as module paths, so the caller can skip their files.
pub fn test_only_children(relative: &str, source: &str) -> Vec<Vec<String>> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let module = module_path(relative);
    file.items
        .iter()
        .filter_map(|item| match item {
            Item::Mod(m) if m.content.is_none() && is_test_only(&m.attrs) => {
                let mut path = module.clone();
                path.push(m.ident.to_string());
                Some(path)
            }
            _ => None,
        })
        .collect()
}
