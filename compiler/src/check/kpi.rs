//! KPI values: one unit per KPI, percentages as shares, values inside the
//! scale; and the KPI's status and delta to target.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::FileId;
use crate::syntax::ast::{Kpi, Measure, Target, Unit};
use crate::syntax::cst::Operator;
use crate::syntax::lower::format_number;

/// Whether the actual value meets the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Met,
    Missed,
    /// No actual value, or no target to compare it with.
    Unknown,
}

/// The values of a KPI with the part of the KPI they play, target first.
fn values(kpi: &Kpi) -> Vec<(&'static str, &Measure)> {
    let mut values = Vec::new();
    match &kpi.target {
        Some(Target::Compare { value, .. }) => values.push(("the target", value)),
        Some(Target::Range { low, high }) => {
            values.push(("the target", low));
            values.push(("the target", high));
        }
        None => {}
    }
    values.extend(kpi.actual.iter().map(|m| ("`actual`", m)));
    values.extend(kpi.baseline.iter().map(|m| ("`baseline`", m)));
    if let Some((low, high)) = &kpi.scale {
        values.push(("the scale", low));
        values.push(("the scale", high));
    }
    values
}

/// "a duration", "an amount in EUR", …
pub fn describe_unit(unit: &Unit) -> String {
    match unit {
        Unit::Number => "a plain number".into(),
        Unit::Percent => "a percentage".into(),
        Unit::Duration { .. } => "a duration".into(),
        Unit::Money { currency } => format!("an amount in {currency}"),
    }
}

/// Durations in any written unit are the same kind of quantity.
fn same_kind(a: &Unit, b: &Unit) -> bool {
    match (a, b) {
        (Unit::Duration { .. }, Unit::Duration { .. }) => true,
        _ => a == b,
    }
}

pub fn check(file: FileId, kpi: &Kpi, diagnostics: &mut Vec<Diagnostic>) {
    let values = values(kpi);
    let Some((first_role, first)) = values.first().copied() else { return };
    let id = &kpi.header.id.text;
    let mut consistent = true;
    for (role, value) in &values[1..] {
        if !same_kind(&first.unit, &value.unit) {
            consistent = false;
            let money = matches!((&first.unit, &value.unit), (Unit::Money { .. }, Unit::Money { .. }));
            let message = if money {
                format!(
                    "KPI `{id}` mixes currencies: {first_role} is {} but {role} is {}",
                    describe_unit(&first.unit),
                    describe_unit(&value.unit)
                )
            } else {
                format!(
                    "KPI `{id}` mixes units: {first_role} is {} (`{}`) but {role} is {} (`{}`)",
                    describe_unit(&first.unit),
                    first.text,
                    describe_unit(&value.unit),
                    value.text
                )
            };
            let help = if money {
                "a KPI is measured in one currency; convert the amounts before writing them".to_string()
            } else {
                format!("write {role} as {} too, like the target", describe_unit(&first.unit))
            };
            diagnostics.push(
                Diagnostic::new(Code::UnitMismatch, file, value.span, message)
                    .label(format!("this is {}", describe_unit(&value.unit)))
                    .secondary(file, first.span, format!("{first_role} is {}", describe_unit(&first.unit)))
                    .help(help),
            );
        }
    }
    if !consistent {
        return;
    }
    match &kpi.scale {
        Some((low, high)) => {
            for (role, value) in &values {
                if *role == "the scale" {
                    continue;
                }
                if value.base_value() < low.base_value() || value.base_value() > high.base_value() {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::OutsideScale,
                            file,
                            value.span,
                            format!("`{}` is outside the scale `{}..{}` of KPI `{id}`", value.text, low.text, high.text),
                        )
                        .label(format!("{role} must lie within {}..{}", low.text, high.text))
                        .secondary(file, kpi.scale_span.unwrap_or(low.span), "the scale is set here")
                        .help("correct the value, or widen the KPI's `scale`"),
                    );
                }
            }
        }
        None => {
            for (role, value) in &values {
                if value.unit == Unit::Percent && !(0.0..=100.0).contains(&value.value) {
                    diagnostics.push(
                        Diagnostic::new(Code::PercentRange, file, value.span, format!("percentage `{}` is outside 0..100%", value.text))
                            .label(format!("{role} is a share, so it lies between 0% and 100%"))
                            .help("if this KPI is not a share (a growth rate, say), give it a scale: `scale -100%..500%`"),
                    );
                }
            }
        }
    }
}

/// The KPI's status and the actual value's distance to its target, in the target's unit.
pub fn evaluate(kpi: &Kpi) -> (Status, Option<Delta>) {
    let (Some(actual), Some(target)) = (&kpi.actual, &kpi.target) else {
        return (Status::Unknown, None);
    };
    let actual_value = actual.base_value();
    let (met, reference, reference_unit) = match target {
        Target::Compare { operator, value } => {
            let t = value.base_value();
            let met = match operator {
                Operator::AtLeast => actual_value >= t - EPSILON,
                Operator::AtMost => actual_value <= t + EPSILON,
                Operator::Above => actual_value > t + EPSILON,
                Operator::Below => actual_value < t - EPSILON,
                Operator::Equal => (actual_value - t).abs() <= EPSILON,
            };
            (met, t, &value.unit)
        }
        Target::Range { low, high } => {
            let (lo, hi) = (low.base_value(), high.base_value());
            let met = actual_value >= lo - EPSILON && actual_value <= hi + EPSILON;
            let reference = if actual_value < lo {
                lo
            } else if actual_value > hi {
                hi
            } else {
                actual_value
            };
            (met, reference, &low.unit)
        }
    };
    if !same_kind(&actual.unit, reference_unit) {
        return (Status::Unknown, None);
    }
    let scale = match reference_unit {
        Unit::Duration { written } => written.seconds(),
        _ => 1.0,
    };
    let value = round((actual_value - reference) / scale);
    let status = if met { Status::Met } else { Status::Missed };
    (status, Some(Delta { value, unit: unit_suffix(reference_unit).to_string(), text: delta_text(value, reference_unit) }))
}

const EPSILON: f64 = 1e-9;

/// The signed difference between actual and target.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Delta {
    pub value: f64,
    /// `%`, `min`, `USD`, or empty for plain numbers.
    pub unit: String,
    /// `+4min`, `-2.5%`, `-5.8 USD`.
    pub text: String,
}

/// Rounds away floating-point noise (`0.30000000000000004`).
pub fn round(value: f64) -> f64 {
    let rounded = (value * 10_000.0).round() / 10_000.0;
    if rounded == 0.0 {
        0.0 // no `-0`
    } else {
        rounded
    }
}

pub fn unit_suffix(unit: &Unit) -> &str {
    match unit {
        Unit::Number => "",
        Unit::Percent => "%",
        Unit::Duration { written } => written.suffix(),
        Unit::Money { currency } => currency,
    }
}

fn delta_text(value: f64, unit: &Unit) -> String {
    let sign = if value < 0.0 { "-" } else { "+" };
    let number = format_number(value.abs());
    match unit {
        Unit::Money { currency } => format!("{sign}{number} {currency}"),
        other => format!("{sign}{number}{}", unit_suffix(other)),
    }
}
