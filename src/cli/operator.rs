//! `sportello operator`: the desk's staff accounts and their login wait or lock (supervisor).

use clap::Subcommand;

use super::{Ctx, backend_call, print_json};
use crate::i18n::staff;

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Staff accounts and whether their login waits or is locked.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Lift a staff user's login wait or lock (not one's own).
    Unlock { username: String },
}

pub fn run(ctx: &Ctx, cmd: OperatorCommand) -> Result<i32, String> {
    let backend = ctx.backend()?;
    match cmd {
        OperatorCommand::List { json } => {
            let accounts = backend_call(ctx, backend.staff_accounts())?;
            if json {
                return print_json(&accounts);
            }
            for a in &accounts {
                let minutes = a.blocked_seconds.map(|s| s.div_ceil(60));
                let state = ctx
                    .lang
                    .pair(staff::state(a.locked, minutes, a.recent_failures));
                println!(
                    "{}\t{}\t{}\t{state}",
                    a.username,
                    a.full_name,
                    a.role.as_str()
                );
            }
            Ok(0)
        }
        OperatorCommand::Unlock { username } => {
            let a = backend_call(ctx, backend.unlock_operator(&username))?;
            println!("{}", ctx.lang.pair(staff::unlocked(&a.username)));
            Ok(0)
        }
    }
}
