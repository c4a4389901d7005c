//! Reference data: the ente, its services, schools and enrolment windows.

use super::{Visitor, endpoint};
use crate::backend::{Ente, School, ServiceInfo};
use crate::domain::enrolment::Window;

endpoint! {
    GetEnte: Get "/ente", Session, Read,
    "The ente printed on notices",
    ((), (), ()) -> Ente,
    {}
    |b, _p, _q, _body| b.ente()
}

endpoint! {
    Services: Get "/services", Staff, Read,
    "Services",
    ((), (), ()) -> Vec<ServiceInfo>,
    {}
    |b, _p, _q, _body| b.services()
}

endpoint! {
    Schools: Get "/schools", Staff, Read,
    "Schools and classes",
    ((), (), ()) -> Vec<School>,
    {}
    |b, _p, _q, _body| b.schools()
}

endpoint! {
    Windows: Get "/windows", Staff, Read,
    "Enrolment windows",
    ((), (), ()) -> Vec<Window>,
    {}
    |b, _p, _q, _body| b.windows()
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<GetEnte>();
    v.visit::<Services>();
    v.visit::<Schools>();
    v.visit::<Windows>();
}
