//! `relais publish catalogue|skills|workshops|site` (open data) and
//! `relais sites import|export` (the national places directory).

use super::args::{DirectoryFormatArg, FormatArg, PublishArgs, PublishWhat, SitesAction};
use super::output::{Stream, json_or_sentence, print_json};
use super::{Ctx, out};
use crate::app::places::PlacesFormat;
use crate::app::publish::{Dataset, PublishFormat};
use crate::i18n::Message;
use std::path::Path;
use std::process::ExitCode;

fn format(arg: FormatArg) -> PublishFormat {
    match arg {
        FormatArg::Csv => PublishFormat::Csv,
        FormatArg::Json => PublishFormat::Json,
        FormatArg::Geojson => PublishFormat::Geojson,
    }
}

pub fn publish(ctx: &Ctx, what: &PublishWhat) -> anyhow::Result<ExitCode> {
    let (dataset, args): (Dataset, &PublishArgs) = match what {
        PublishWhat::Catalogue(args) => (Dataset::Catalogue, args),
        PublishWhat::Skills(args) => (Dataset::Skills, args),
        PublishWhat::Workshops(args) => (Dataset::Workshops, args),
        PublishWhat::Site { out: dir, json } => return site(ctx, dir, *json),
    };
    let app = ctx.open()?;
    let format = format(args.format);
    let Some(path) = &args.out else {
        let mut stream = Stream::stdout();
        let outcome = app.publish(dataset, format, &mut stream, Path::new("-"));
        stream.finish(ctx, outcome.map(drop))?;
        return Ok(ExitCode::SUCCESS);
    };
    let published = app
        .publish_to_file(dataset, format, path)
        .map_err(|err| ctx.app_error(err))?;
    let sentence = Message::new("publish.written")
        .count(published.rows as i64)
        .arg("path", path.display());
    json_or_sentence(ctx, args.json, &published, sentence)
}

fn site(ctx: &Ctx, dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let site = app
        .publish_site(dir, ctx.lang)
        .map_err(|err| ctx.app_error(err))?;
    let sentence = Message::new("publish.site_written")
        .count(site.deliverables as i64)
        .arg("path", dir.join("index.html").display());
    json_or_sentence(ctx, json, &site, sentence)
}

pub fn sites(ctx: &Ctx, action: &SitesAction) -> anyhow::Result<ExitCode> {
    match action {
        SitesAction::Import { file, json } => sites_import(ctx, file, *json),
        SitesAction::Export {
            format,
            out: path,
            json,
        } => {
            let format = match format {
                DirectoryFormatArg::Lamednum => PlacesFormat::Lamednum,
                DirectoryFormatArg::Geojson => PlacesFormat::Geojson,
            };
            let app = ctx.open()?;
            let Some(path) = path else {
                let mut stream = Stream::stdout();
                let outcome = app.export_places(format, &mut stream, Path::new("-"));
                stream.finish(ctx, outcome.map(drop))?;
                return Ok(ExitCode::SUCCESS);
            };
            let export = app
                .export_places_to_file(format, path)
                .map_err(|err| ctx.app_error(err))?;
            let sentence = Message::new("sites.exported")
                .count(export.written as i64)
                .arg("path", path.display())
                .arg("left_out", export.left_out);
            json_or_sentence(ctx, *json, &export, sentence)
        }
    }
}

fn sites_import(ctx: &Ctx, file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let imported = app.import_places(file).map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&imported)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = ctx.say(
        Message::new("sites.imported")
            .count(imported.rows as i64)
            .arg_number("created", imported.created)
            .arg_number("updated", imported.updated)
            .arg_number("unchanged", imported.unchanged),
    );
    text.push('\n');
    if imported.derived_insee > 0 || imported.without_insee > 0 {
        let message = Message::new("sites.insee")
            .arg("derived", imported.derived_insee)
            .arg_number("missing", imported.without_insee);
        text.push_str(&format!("{}\n", ctx.say(message)));
    }
    if !imported.skipped.is_empty() {
        let message = Message::new("sites.skipped").count(imported.skipped.len() as i64);
        text.push_str(&format!("{}\n", ctx.say(message)));
        for skipped in &imported.skipped {
            text.push_str(&format!("  {}\n", ctx.say(skip_message(skipped))));
        }
    }
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn skip_message(skipped: &crate::app::places::SkippedRow) -> Message {
    use crate::app::places::SkipReason;
    let message = match skipped.reason {
        SkipReason::NoName => Message::new("sites.skip.no_name"),
        SkipReason::NoLocation => Message::new("sites.skip.no_location"),
        SkipReason::Duplicate { first_line } => {
            Message::new("sites.skip.duplicate").arg("first", first_line)
        }
    };
    message.arg("line", skipped.line).arg("name", &skipped.name)
}
