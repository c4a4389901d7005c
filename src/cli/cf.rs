//! `sportello cf ...`: check, decode and compute codici fiscali.

use chrono::NaiveDate;
use clap::Subcommand;

use super::{Ctx, print_json};
use crate::domain::codice_fiscale::{self, CodiceFiscale, Sex};
use crate::i18n::Localized;
use crate::i18n::cli as c;

#[derive(Debug, Subcommand)]
pub enum CfCommand {
    /// Check codes: one line each, CODE<TAB>valid (then <TAB>warning for a doubtful birthplace) or
    /// CODE<TAB>invalid<TAB>reason; exit 1 if any is invalid.
    Check { codes: Vec<String> },
    /// Decode a code: sex, birth date, birthplace, base (non-omocode) form.
    Decode {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Compute a code from a person's data.
    Compute {
        #[arg(long)]
        surname: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        sex: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        birth_date: String,
        /// Belfiore code (H501) or the comune's or country's name (Roma).
        #[arg(long)]
        place: String,
    },
}

pub fn run(ctx: &Ctx, cmd: CfCommand) -> Result<i32, String> {
    match cmd {
        CfCommand::Check { codes } => {
            let mut code = 0;
            for c in &codes {
                match CodiceFiscale::parse(c) {
                    // A doubtful birthplace is said in a third column; the verdict stays "valid".
                    Ok(cf) => match cf.birthplace_warning() {
                        Some(w) => println!("{c}\tvalid\t{}", w.localized(ctx.lang)),
                        None => println!("{c}\tvalid"),
                    },
                    Err(e) => {
                        code = 1;
                        println!("{c}\tinvalid\t{}", e.localized(ctx.lang));
                    }
                }
            }
            Ok(code)
        }
        CfCommand::Decode { code, json } => {
            let cf = CodiceFiscale::parse(&code).map_err(|e| e.localized(ctx.lang))?;
            let d = cf.decode(ctx.settings.clock().today());
            if json {
                return print_json(&d);
            }
            let l = ctx.lang;
            println!("{:<14}{}", l.t(c::CODE), cf.as_str());
            println!("{:<14}{}", l.t(c::BASE), cf.base().as_str());
            println!(
                "{:<14}{}",
                l.t(c::SEX),
                match d.sex {
                    Sex::M => "M",
                    Sex::F => "F",
                }
            );
            println!("{:<14}{}", l.t(c::BORN), d.birth_date.format("%d/%m/%Y"));
            let place = d
                .birthplace
                .map(|b| b.name.clone())
                .unwrap_or_else(|| l.t(c::UNKNOWN_CODE).into());
            println!("{:<14}{} ({})", l.t(c::PLACE), place, d.birthplace_code);
            Ok(0)
        }
        CfCommand::Compute {
            surname,
            name,
            sex,
            birth_date,
            place,
        } => {
            let sex = match sex.trim().to_ascii_uppercase().as_str() {
                "M" => Sex::M,
                "F" => Sex::F,
                _ => return Err(ctx.lang.t(c::SEX_M_OR_F).into()),
            };
            let date = NaiveDate::parse_from_str(birth_date.trim(), "%Y-%m-%d")
                .map_err(|_| ctx.lang.t(c::BAD_BIRTH_DATE).to_string())?;
            let cf = codice_fiscale::compute(&surname, &name, sex, date, &place)
                .map_err(|e| e.localized(ctx.lang))?;
            println!("{}", cf.as_str());
            Ok(0)
        }
    }
}
