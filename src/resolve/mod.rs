//! Resolution: deciding which thing a name in a text or a request stands for.
//!
//! Country names and codes resolve to ISO 3166-1 codes (`country`), and known names are found
//! in free text in one pass (`phrases`). Both ingest (reading documents) and the read side
//! (`query`, `api`: a country asked for by name) use this stage, so a name resolves the same
//! way whether it is written in a profile or typed into a request.

pub mod country;
pub mod phrases;
