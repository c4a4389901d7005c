//! `sportello pagopa ...`: the comune's side of pagoPA from the command line. `pay` plays the Node
//! against a station, for demos and tests: a payment arriving at the desk without a bank.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::Ctx;
use crate::config::BackendChoice;
use crate::domain::money::{format_eur, parse_amount};
use crate::domain::notice::NoticeNumber;
use crate::i18n::pagopa_pay as t;
use crate::i18n::{Lang, Localized, Pair};
use crate::pagopa::node::{ClientTls, Node, PayOptions, Primitives, StationIds, StepError, Steps};

#[derive(Debug, Subcommand)]
pub enum PagopaCommand {
    /// Play the pagoPA Node against a station (`--api URL`): verify the notice, get its payment
    /// data, send the receipt of a payment; each outcome is printed.
    Pay(PayArgs),
    /// pagoPA receipts kept but not credited (a different amount, a cancelled or unknown notice, a
    /// second payment, a failed outcome), open ones first (supervisor).
    Anomalies {
        #[arg(long)]
        json: bool,
    },
    /// Settle one of them: credit it to a child's service, or mark it for refund (supervisor, once).
    Settle(super::anomalies::SettleArgs),
    /// Reconciliation flows (Flussi di Rendicontazione) and the report against receipts.
    #[command(subcommand)]
    Fdr(super::fdr::FdrCommand),
}

#[derive(Debug, Args)]
pub struct PayArgs {
    /// The notice number (18 digits; the grouped form in quotes is fine).
    pub number: String,
    /// The PSP's name in the receipt (default: a fictional bank).
    #[arg(long)]
    pub psp: Option<String>,
    /// Send a receipt for this amount instead of the one asked (e.g. 15,00): a payment the desk
    /// must look into.
    #[arg(long)]
    pub amount: Option<String>,
    /// The client certificate (PEM) for a station behind mutual TLS.
    #[arg(long, requires = "key")]
    pub cert: Option<PathBuf>,
    /// The private key (PEM) of --cert.
    #[arg(long, requires = "cert")]
    pub key: Option<PathBuf>,
    /// Trust only this authority (PEM) for the station's certificate.
    #[arg(long)]
    pub ca: Option<PathBuf>,
    /// idPA in the requests (default: `[pagopa] id_pa`).
    #[arg(long)]
    pub id_pa: Option<String>,
    /// idBrokerPA (default: `[pagopa] id_broker_pa`).
    #[arg(long)]
    pub id_broker: Option<String>,
    /// idStation (default: `[pagopa] id_station`).
    #[arg(long)]
    pub id_station: Option<String>,
    /// The V1 primitives (paGetPayment, paSendRT) instead of V2.
    #[arg(long)]
    pub v1: bool,
}

pub fn run(ctx: &Ctx, command: PagopaCommand) -> Result<i32, String> {
    match command {
        PagopaCommand::Pay(args) => pay(ctx, args),
        PagopaCommand::Anomalies { json } => super::anomalies::list(ctx, json),
        PagopaCommand::Settle(args) => super::anomalies::settle(ctx, args),
        PagopaCommand::Fdr(command) => super::fdr::run(ctx, command),
    }
}

fn pay(ctx: &Ctx, args: PayArgs) -> Result<i32, String> {
    let lang = ctx.lang;
    let BackendChoice::Remote(url) = &ctx.settings.backend else {
        return Err(lang.t(t::NEEDS_STATION).to_string());
    };
    let number = NoticeNumber::parse(&args.number).map_err(|e| e.localized(lang))?;
    let amount_cents = args
        .amount
        .as_deref()
        .map(|a| parse_amount(a).map_err(|e| format!("--amount: {}", e.localized(lang))))
        .transpose()?;
    let tls = ClientTls {
        identity: match (&args.cert, &args.key) {
            (Some(cert), Some(key)) => Some((read(lang, cert)?, read(lang, key)?)),
            _ => None,
        },
        ca: args.ca.as_deref().map(|p| read(lang, p)).transpose()?,
    };
    let mut ids = StationIds::from(&ctx.settings.station);
    for (id, given) in [
        (&mut ids.id_pa, args.id_pa),
        (&mut ids.id_broker_pa, args.id_broker),
        (&mut ids.id_station, args.id_station),
    ] {
        if let Some(given) = given {
            *id = given;
        }
    }
    let mut options = PayOptions::new(ids, &ctx.settings.ente.fiscal_code);
    if let Some(name) = args.psp {
        options.psp.name = name;
    }
    options.amount_cents = amount_cents;
    if args.v1 {
        options.primitives = Primitives::V1;
    }
    let node = Node::new(url, &tls)?;
    let steps = node.pay(number.as_str(), &options);
    Ok(report(lang, url, &steps))
}

/// Why a step was not OK.
fn why(url: &str, e: &StepError) -> Pair {
    match e {
        StepError::Ko(fault) => t::ko(
            &fault.code,
            fault.description.as_deref().unwrap_or(&fault.string),
        ),
        StepError::SoapFault {
            code,
            string,
            fault,
        } => t::soap_fault(fault.as_ref().map_or(code, |f| &f.code), string),
        StepError::Http(status) => t::http_error(*status),
        StepError::Invalid(reason) => t::invalid_answer(reason),
        StepError::Unreachable(reason) => t::station_unreachable(url, reason),
    }
}

fn read(lang: Lang, path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        format!(
            "{}: {}",
            path.display(),
            lang.pair(crate::i18n::config::unreadable_file(&e))
        )
    })
}

/// Prints each step that succeeded on stdout and the one that did not on stderr; the exit status:
/// 0 paid, 1 a step refused, 2 the station could not be reached.
fn report(lang: Lang, url: &str, steps: &Steps) -> i32 {
    let ok = |label, text: String| println!("{}: {text}", lang.t(label));
    let failed = |label, e: &StepError| {
        let why = lang.pair(why(url, e));
        if matches!(e, StepError::Unreachable(_)) {
            eprintln!("sportello: {why}");
            return 2;
        }
        eprintln!("sportello: {}: {why}", lang.t(label));
        1
    };
    let verified = match &steps.verify {
        Ok(v) => v,
        Err(e) => return failed(t::VERIFY, e),
    };
    let due = verified.due_date.map(|d| d.format("%d/%m/%Y").to_string());
    ok(
        t::VERIFY,
        lang.pair(t::verified(
            &format_eur(verified.amount_cents),
            verified.description(),
            due.as_deref(),
        )),
    );
    match &steps.payment {
        Some(Ok(data)) => ok(t::PAYMENT, lang.pair(t::transfers(data.transfers.len()))),
        Some(Err(e)) => return failed(t::PAYMENT, e),
        None => return 1,
    }
    match &steps.receipt {
        Some((receipt, Ok(()))) => {
            ok(
                t::RECEIPT,
                lang.pair(t::receipt_sent(
                    &format_eur(receipt.payment.amount_cents),
                    &receipt.receipt_id,
                )),
            );
            0
        }
        Some((_, Err(e))) => failed(t::RECEIPT, e),
        None => 1,
    }
}
