//! Unlinking a second parent, the children a parent is linked to as second parent (on their card),
//! and the receipt of a paid notice.

use super::{Pair, Text};

pub const NO_SECOND_PARENT: Text = (
    "Questo figlio non ha un altro genitore collegato.",
    "This child has no other parent linked.",
);
pub const UNLINKED: Text = (
    "Altro genitore scollegato: non vede più questo figlio.",
    "Other parent unlinked: they no longer see this child.",
);
/// On the other-parent screen, when the child has one (supervisor).
pub const K_UNLINK: Text = (" · {unlink_parent} scollega", " · {unlink_parent} unlink");
pub const K_UNLINK_CONFIRM: Text = ("Invio scollega · Esc annulla", "Enter unlink · Esc cancel");
pub const LINKED_NOW: Text = ("Altro genitore collegato", "Other parent linked");

/// What unlinking does, asked before it is done.
pub fn confirm_unlink(parent: &str, child: &str) -> Pair {
    (
        format!(
            "Scollegare {parent} da {child}? Non vedrà più il figlio, né allo sportello né al portale. \
             Indicare il motivo e premere Invio."
        ),
        format!(
            "Unlink {parent} from {child}? They will no longer see the child, at the desk or on the \
             portal. Give the reason and press Enter."
        ),
    )
}

/// The family card's section of children of other families.
pub const LINKED_TITLE: Text = (
    "Figli collegati (altro genitore)",
    "Linked children (other parent)",
);
pub const K_LINKED_OPEN: Text = ("  (1-9: apri la scheda)", "  (1-9: open the card)");
pub const PAID_BY: Text = ("pagante", "paying");

/// The receipt of a payment.
pub const NOT_PAID: Text = (
    "Avviso non pagato: la ricevuta si fa solo per un avviso pagato.",
    "Notice not paid: a receipt is made only for a paid notice.",
);
/// On the payment screen of a paid notice: which document the keys deliver.
pub const K_RECEIPT_DOC: Text = (" · {receipt_pdf} ricevuta", " · {receipt_pdf} receipt");
pub const K_NOTICE_DOC: Text = (" · {receipt_pdf} avviso", " · {receipt_pdf} notice");
pub const DOC_IS_RECEIPT: Text = (
    "Documento: ricevuta di pagamento",
    "Document: payment receipt",
);
