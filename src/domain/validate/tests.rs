//! The validation rules' own tests: values checked and made canonical, every
//! bad value reported at once, text lengths bounded, set elements.

use super::*;

fn check(kind: Kind, field: &str, raw: &str) -> Result<String, &'static str> {
    let def = kind.field(field).unwrap();
    validate_scalar(def, raw).map_err(|invalid| invalid.message.key)
}

#[test]
fn values_are_checked_and_made_canonical() {
    let cases: &[(Kind, &str, &str, Result<&str, &str>)] = &[
        (Kind::Org, "departement", "13", Ok("13")),
        (Kind::Place, "latitude", "44,0898765", Ok("44.089877")),
        (Kind::Place, "latitude", " -43.50 ", Ok("-43.5")),
        (Kind::Place, "latitude", "-0,0000001", Ok("0")),
        (
            Kind::Place,
            "latitude",
            "90.0001",
            Err("error.value.latitude"),
        ),
        (Kind::Place, "latitude", "nord", Err("error.value.latitude")),
        (Kind::Place, "longitude", "-180", Ok("-180")),
        (
            Kind::Place,
            "longitude",
            "180,5",
            Err("error.value.longitude"),
        ),
        (
            Kind::Place,
            "longitude",
            "NaN",
            Err("error.value.longitude"),
        ),
        (Kind::Org, "departement", "6", Ok("06")),
        (Kind::Org, "departement", "2a", Ok("2A")),
        (
            Kind::Org,
            "departement",
            "99",
            Err("error.value.departement"),
        ),
        (Kind::Org, "departement", "  ", Err("error.value.empty")),
        (Kind::Request, "licence", "odbl-1.0", Ok("ODbL-1.0")),
        (
            Kind::Request,
            "licence",
            "WTFPL",
            Err("error.value.licence"),
        ),
        (Kind::Request, "category", "map", Ok("map")),
        (Kind::Request, "category", "Map", Ok("map")),
        (Kind::Request, "category", "Carte", Ok("map")),
        (
            Kind::Request,
            "category",
            "Klingon",
            Err("error.value.vocab"),
        ),
        (Kind::Request, "status", "in_progress", Ok("in_progress")),
        (Kind::Request, "estimated_hours", "12,5", Ok("12.5")),
        (
            Kind::Request,
            "estimated_hours",
            "-3",
            Err("error.value.negative"),
        ),
        (
            Kind::Request,
            "estimated_hours",
            "lots",
            Err("error.value.number"),
        ),
        (Kind::Request, "received_on", "26/11/2026", Ok("2026-11-26")),
        (
            Kind::Request,
            "received_on",
            "2026-02-30",
            Err("error.value.date_day"),
        ),
        (
            Kind::Request,
            "received_on",
            "31/02/2026",
            Err("error.value.date_day"),
        ),
        (
            Kind::Request,
            "received_on",
            "12/13/2026",
            Err("error.value.date_month"),
        ),
        (
            Kind::Request,
            "received_on",
            "hier",
            Err("error.value.date"),
        ),
        (
            Kind::Workshop,
            "participants",
            "-1",
            Err("error.value.negative"),
        ),
        (Kind::Workshop, "participants", "12", Ok("12")),
        (Kind::Budget, "year", "1999", Err("error.value.year")),
        (Kind::Budget, "amount", "280000", Ok("280000")),
        (
            Kind::Org,
            "siret",
            "123 456 789 00012",
            Ok("12345678900012"),
        ),
        (Kind::Org, "siret", "W133000123", Ok("W133000123")),
        (Kind::Org, "siret", "1234", Err("error.value.siret")),
        (
            Kind::Org,
            "website",
            "https://pnr.example.org",
            Ok("https://pnr.example.org"),
        ),
        (
            Kind::Org,
            "website",
            "pnr.example.org",
            Err("error.value.url"),
        ),
        (Kind::Org, "commune", "13055", Ok("13055")),
        (Kind::Org, "commune", "99999", Err("error.value.commune")),
        (Kind::Org, "commune", "Forcalquier", Ok("04088")),
        (Kind::Org, "commune", "forcalquier", Ok("04088")),
        (
            Kind::Org,
            "commune",
            "Nulle-Part-sur-Mer",
            Err("error.value.commune"),
        ),
        (
            Kind::Org,
            "name",
            "Line\u{7}bell",
            Err("error.value.control"),
        ),
    ];
    for (kind, field, raw, expected) in cases {
        let got = check(*kind, field, raw);
        assert_eq!(
            got.as_deref().map_err(|e| *e),
            *expected,
            "{kind:?}.{field} = {raw:?}"
        );
    }
}

#[test]
fn every_bad_value_is_reported_at_once_in_the_order_given() {
    let values = [
        ("title", ""),
        ("kind", "cocreation"),
        ("date", "31/02/2026"),
        ("duration", "deux heures"),
        ("participants", "-4"),
        ("notes", ""),
    ];
    let found: Vec<(String, &str)> = check_all(Kind::Workshop, &values)
        .into_iter()
        .map(|invalid| (invalid.field, invalid.message.key))
        .collect();
    assert_eq!(
        found,
        vec![
            ("title".to_string(), "error.edit.required"),
            ("date".to_string(), "error.value.date_day"),
            ("duration".to_string(), "error.value.number"),
            ("participants".to_string(), "error.value.negative"),
        ]
    );
    let skills = [("skills", "web:3, klingon:2, gis:9")];
    let found = check_all(Kind::Developer, &skills);
    assert_eq!(found.len(), 1, "one message per field: {found:?}");
}

#[test]
fn text_length_is_bounded() {
    let long = "x".repeat(MAX_TEXT + 1);
    assert_eq!(check(Kind::Org, "name", &long), Err("error.value.too_long"));
}

#[test]
fn set_element_values() {
    assert_eq!(
        validate_element_value("skills", ElementValue::Level, Some("3")).unwrap(),
        "3"
    );
    assert_eq!(
        validate_element_value("skills", ElementValue::Level, None).unwrap(),
        "1"
    );
    assert!(validate_element_value("skills", ElementValue::Level, Some("4")).is_err());
    assert!(validate_element_value("breakdown", ElementValue::Count, Some("-2")).is_err());
    assert_eq!(
        validate_element_value("consents", ElementValue::Date, Some("01/02/2026")).unwrap(),
        "2026-02-01"
    );
}

#[test]
fn a_stored_date_reads_as_the_patterns_read_it() {
    let by_patterns = |text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
            .ok()
    };
    let texts = [
        "2026-03-01",
        "2026-02-29",
        "2024-02-29",
        "0000-01-01",
        "9999-12-31",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "2026-4-01",
        "2026/03/01",
        "01/03/2026",
        "2026-03-0a",
        "+2026-03-01",
        "2026-03-01x",
        "２０２６-03-01",
        "",
    ];
    for text in texts {
        assert_eq!(parse_date(text), by_patterns(text), "{text:?}");
    }
    assert!(stored_date("2026-03-01").is_some());
    assert_eq!(stored_date("01/03/2026"), None, "left to the patterns");
}

#[test]
fn an_impossible_day_names_how_many_days_its_month_has() {
    let def = Kind::Request.field("received_on").unwrap();
    let days = |raw: &str| {
        let invalid = validate_scalar(def, raw).unwrap_err();
        let said = invalid.message.render(crate::i18n::Lang::En);
        (invalid.message.key, said)
    };
    let (key, said) = days("31/02/2026");
    assert_eq!(key, "error.value.date_day");
    assert!(said.contains("only 28 days"), "{said}");
    assert!(days("30/02/2028").1.contains("only 29 days"), "a leap year");
    assert!(days("31/04/2026").1.contains("only 30 days"));
    assert!(days("32/12/2026").1.contains("only 31 days"));
    assert!(days("2026-00-10").1.contains("no month 0"));
}
