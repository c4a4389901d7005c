//! The credentials letter: the portal user name, the temporary password, the meal-cancellation code
//! and how to log in, for a parent to take home (shown once: it is never stored in clear).

use super::pdf::{Doc, MARGIN};
use crate::backend::{Credentials, Ente};

pub fn credentials_pdf(c: &Credentials, ente: &Ente, logo: &[u8]) -> Vec<u8> {
    let mut doc = Doc::new("Credenziali di accesso");
    let mut p = doc.page();
    let x = MARGIN;
    let width = 210.0 - 2.0 * MARGIN;
    p.letterhead(logo, &ente.name, "Servizi scolastici");
    p.text(x, 50.0, 10.0, false, &format!("Gentile {}", c.full_name));
    p.text(x, 56.0, 9.0, false, &format!("Codice fiscale {}", c.cf));
    p.text(
        x,
        72.0,
        14.0,
        true,
        "Le sue credenziali per il portale dei servizi scolastici",
    );
    let mut y = 86.0;
    for (label, value) in [
        ("Nome utente", c.username.as_str()),
        ("Password temporanea", c.temporary_password.as_str()),
        ("Codice per disdire il pasto", c.meal_cancel_code.as_str()),
    ] {
        p.fill(x, y - 6.0, width, 10.0, (0.93, 0.95, 0.98));
        p.text(x + 3.0, y, 10.0, false, label);
        p.text(x + 75.0, y, 13.0, true, value);
        y += 13.0;
    }
    y += 6.0;
    p.text(x, y, 11.0, true, "Come accedere");
    y += 7.0;
    for step in [
        "1. Apra il portale dei servizi scolastici del Comune o l'app indicata dall'ufficio.",
        "2. Inserisca il nome utente e la password temporanea qui sopra.",
        "3. Al primo accesso le sarà chiesto di scegliere una password nuova, che solo lei conoscerà.",
        "4. Per disdire un pasto entro l'orario previsto usi il codice di disdetta.",
        "Dopo tre password sbagliate l'account si blocca: per sbloccarlo si rivolga all'ufficio.",
    ] {
        y = p.paragraph(x, y, width, 10.0, step) + 1.5;
    }
    y += 6.0;
    p.paragraph(
        x,
        y,
        width,
        8.0,
        "Conservi questa lettera in un luogo sicuro e non la consegni ad altri. L'ufficio non conosce la \
         password che sceglierà e non gliela chiederà mai.",
    );
    p.done();
    doc.finish()
}
