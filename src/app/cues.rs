//! `claimtrack cues DOC`: read one document for attribution cues and print them.

use crate::check::report::Exit;
use crate::cli::{AddFormat, CuesArgs};
use crate::cues::{Reading, rules};
use crate::failure::{Failure, Outcome};
use crate::project::{Loaded, Location, Records, Scope};
use crate::render;

pub(super) fn run(at: &Location, args: &CuesArgs) -> Outcome {
    if let Some(code) = &args.lang
        && rules::get(code).is_none()
    {
        return Err(Failure::Usage(crate::failure::Said::new(format!(
            "--lang {code}: no cue rules for it; one of: {}",
            rules::codes().collect::<Vec<_>>().join(", ")
        ))));
    }
    let loaded = Loaded::open(at, Records::Packed, Scope::All)?;
    let text = super::document(&loaded, &args.doc)?;
    let reading = Reading::new(text.as_str(), args.lang.as_deref());
    let shown = &loaded.corpus.docs[args.doc.as_str()].display;
    let out = match args.format {
        AddFormat::Human => render::cues::human(&reading, &text, shown),
        AddFormat::Json => render::cues::json(&reading, &text, &args.doc),
    };
    render::to_stdout(|w| w.write_all(out.as_bytes()))?;
    Ok(Exit::Ok)
}
