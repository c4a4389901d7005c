//! What we draw scans: the half-block lines are read back into modules, rasterised and decoded by a real
//! QR decoder (rqrr) to exactly the payload.

mod common;

use common::qrscan::{decode, modules};
use sportello::qr::{QUIET_ZONE, half_block_lines, pagopa_qr};

#[test]
fn drawn_qr_decodes_to_the_payload() {
    for payload in [
        "PAGOPA|002|302032002700000251|03334231200|11",
        "PAGOPA|002|302000000000012385|80001234568|250000",
        "PAGOPA|002|347164923022221054|00743110157|9999999999",
    ] {
        let m = pagopa_qr(payload).unwrap();
        let lines = half_block_lines(&m, QUIET_ZONE);
        assert_eq!((lines[0].chars().count(), lines.len()), (41, 21));
        assert_eq!(decode(&modules(&lines)), payload);
    }
}
