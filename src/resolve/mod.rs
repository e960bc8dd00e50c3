//! Resolution: deciding which thing a name in a text or a request stands for.
//!
//! Country names and codes resolve to ISO 3166-1 codes (`country`), and known names are found
//! in free text in one pass (`phrases`). Names read from documents are cleaned of the prose
//! and citations around them (`clean`, `parts`), and what is still no name is named
//! (`junk`); variants of one country's law, team or agency become
//! one entity and look-alikes are listed as candidates (`same`), as curated judgements decide
//! where the rules cannot (`judgements`). Both ingest (reading documents) and the read side
//! (`query`, `api`: a country asked for by name) use this stage, so a name resolves the same
//! way whether it is written in a profile or typed into a request.

pub mod clean;
pub mod country;
pub mod judgements;
pub mod junk;
pub mod parts;
pub mod phrases;
pub mod same;
