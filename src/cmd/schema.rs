//! `kravkat schema profile|catalog`: the JSON Schemas editors use.

use crate::error::Result;
use crate::schema;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Committed as schema/profile.schema.json and schema/catalog.schema.json. In a profile:
  # yaml-language-server: $schema=../schema/profile.schema.json"
)]
pub struct Args {
    /// Which schema
    #[arg(value_enum)]
    pub kind: schema::Kind,
}

pub fn run(args: Args) -> Result<u8> {
    super::stdout(schema::generate(args.kind).as_bytes())
}
