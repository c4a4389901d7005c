//! Tariffs: the price per meal comes from the family's ISEE band; no ISEE declared means the top band;
//! from the second child on a sibling discount applies.

use serde::{Deserialize, Serialize};

/// One ISEE band of a service: families with an ISEE up to `isee_max_cents` (inclusive) pay `price_cents`.
/// The top band has no upper limit (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub isee_max_cents: Option<i64>,
    pub price_cents: i64,
}

/// A service's tariff: its bands and the sibling discount in percent (second child onwards).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tariff {
    pub bands: Vec<Band>,
    pub sibling_discount_pct: u8,
}

impl Tariff {
    /// The band that applies to an ISEE value; `None` (not declared) falls into the top band.
    pub fn band_for(&self, isee_cents: Option<i64>) -> Option<&Band> {
        let mut bands: Vec<&Band> = self.bands.iter().collect();
        bands.sort_by_key(|b| b.isee_max_cents.unwrap_or(i64::MAX));
        match isee_cents {
            None => bands.last().copied(),
            Some(isee) => bands
                .iter()
                .copied()
                .find(|b| b.isee_max_cents.is_none_or(|max| isee <= max)),
        }
    }

    /// Price per meal for a child: `sibling_rank` is 1 for the first (or only) child of the family
    /// enrolled in the service, 2 for the second, and so on. Discounts round to the nearest cent.
    pub fn price_cents(&self, isee_cents: Option<i64>, sibling_rank: u32) -> Option<i64> {
        let base = self.band_for(isee_cents)?.price_cents;
        if sibling_rank >= 2 && self.sibling_discount_pct > 0 {
            let pct = i64::from(self.sibling_discount_pct.min(100));
            Some((base * (100 - pct) + 50) / 100)
        } else {
            Some(base)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canteen() -> Tariff {
        Tariff {
            bands: vec![
                Band {
                    isee_max_cents: None,
                    price_cents: 550,
                },
                Band {
                    isee_max_cents: Some(100_000),
                    price_cents: 0,
                },
                Band {
                    isee_max_cents: Some(1_500_000),
                    price_cents: 250,
                },
                Band {
                    isee_max_cents: Some(3_000_000),
                    price_cents: 400,
                },
            ],
            sibling_discount_pct: 20,
        }
    }

    #[test]
    fn isee_picks_band_inclusive_of_upper_limit() {
        let t = canteen();
        assert_eq!(t.price_cents(Some(50_000), 1), Some(0));
        assert_eq!(t.price_cents(Some(100_000), 1), Some(0));
        assert_eq!(t.price_cents(Some(100_001), 1), Some(250));
        assert_eq!(t.price_cents(Some(2_000_000), 1), Some(400));
        assert_eq!(t.price_cents(Some(9_000_000), 1), Some(550));
    }

    #[test]
    fn no_isee_means_top_band() {
        assert_eq!(canteen().price_cents(None, 1), Some(550));
    }

    #[test]
    fn sibling_discount_from_second_child() {
        let t = canteen();
        assert_eq!(t.price_cents(None, 2), Some(440));
        assert_eq!(t.price_cents(None, 3), Some(440));
        assert_eq!(t.price_cents(Some(1_000_000), 2), Some(200));
    }

    #[test]
    fn no_bands_no_price() {
        let t = Tariff {
            bands: vec![],
            sibling_discount_pct: 0,
        };
        assert_eq!(t.price_cents(None, 1), None);
    }
}
