//! `sportello demo`: create a demo store.

use std::time::Instant;

use clap::Args;

use super::Ctx;
use crate::demo::{self, DemoOptions};
use crate::i18n::cli as c;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Families to create (each with one to three children).
    #[arg(long, default_value_t = 300)]
    pub families: u32,
    /// School days of attendance (default: the school year so far).
    #[arg(long)]
    pub days: Option<u32>,
    /// Same seed, same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(ctx: &Ctx, args: DemoArgs) -> Result<i32, String> {
    let path = ctx.store_path();
    let started = Instant::now();
    let opts = DemoOptions {
        families: args.families,
        days: args.days,
        seed: args.seed,
        today: ctx.settings.clock().today(),
    };
    let s = demo::generate(&path, &ctx.settings.ente, &opts).map_err(|e| ctx.err(&e))?;
    println!(
        "{}",
        ctx.lang.pair(c::demo_created(
            &path,
            s.counts(),
            started.elapsed().as_secs_f64()
        ))
    );
    println!(
        "{} {} / {}   {} {} / {}",
        ctx.lang.t(c::SUPERVISOR),
        demo::SUPERVISOR.0,
        demo::SUPERVISOR.1,
        ctx.lang.t(c::OPERATOR),
        demo::OPERATOR.0,
        demo::OPERATOR.1
    );
    Ok(0)
}
