//! Codice fiscale validation throughput (budget: at least 1,000,000 codes per second on one core).
//! Run: `cargo bench --bench cf_validate`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sportello::domain::codice_fiscale::CodiceFiscale;

fn codes() -> Vec<String> {
    let text = include_str!("../tests/data/codice_fiscale.tsv");
    let base: Vec<String> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect();
    // 10,000 codes: the vectors (valid, invalid, omocodes) repeated, some typed in lowercase with spaces.
    (0..10_000)
        .map(|i| {
            let c = &base[i % base.len()];
            if i % 7 == 0 {
                format!(" {} ", c.to_lowercase())
            } else {
                c.clone()
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let codes = codes();
    let mut group = c.benchmark_group("codice_fiscale");
    group.throughput(Throughput::Elements(codes.len() as u64));
    group.bench_function("parse 10k codes", |b| {
        b.iter(|| {
            codes
                .iter()
                .filter(|code| CodiceFiscale::parse(black_box(code)).is_ok())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
