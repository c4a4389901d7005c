//! The desk's session found gone on the central API, asked for again in place (issue 15 #8):
//! (Italian, English).

pub use super::Text;

pub const RELOGIN_TITLE: Text = ("Sessione scaduta", "Session expired");
pub const RELOGIN_WHY: Text = (
    "Il servizio centrale non riconosce più la sessione. Inserire di nuovo la password: \
     la schermata e i dati inseriti restano, e l'operazione viene ripetuta.",
    "The central service no longer knows the session. Enter the password again: the screen \
     and what was typed stay, and the operation is repeated.",
);
pub const K_RELOGIN: Text = (
    "Invio accedi · Esc annulla · Ctrl+L esci",
    "Enter log in · Esc cancel · Ctrl+L log out",
);
pub const RELOGIN_GAVE_UP: Text = (
    "Operazione non eseguita: sessione scaduta. I dati restano; ripetere l'operazione per accedere di nuovo.",
    "Not done: the session expired. What was typed stays; repeat the operation to log in again.",
);
