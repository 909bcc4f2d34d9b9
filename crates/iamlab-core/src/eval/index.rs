//! Policy groups with statements indexed by the service prefix of their
//! actions, so that a request looks only at statements that can concern it.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::policy::{ActionMatcher, Policy};

/// A statement's place in its group: (policy index, statement index).
pub(crate) type Place = (u32, u32);

/// Policies that are evaluated together (one layer, or one SCP level).
#[derive(Clone, Debug)]
pub struct PolicyGroup {
    policies: Vec<Policy>,
    /// Sorted by service; each list is in document order and already holds
    /// the statements that concern every service.
    by_service: Vec<(Box<str>, Vec<Place>)>,
    /// Statements whose actions may concern any service.
    any_service: Vec<Place>,
}

impl PolicyGroup {
    /// Builds the group and its index.
    pub fn new(policies: Vec<Policy>) -> Self {
        let mut any_service = Vec::new();
        let mut specific: Vec<(String, Place)> = Vec::new();
        for (policy_idx, policy) in policies.iter().enumerate() {
            for (statement_idx, statement) in policy.statements.iter().enumerate() {
                let place = (to_u32(policy_idx), to_u32(statement_idx));
                let mut services = Vec::new();
                let mut is_any = statement.action.negated;
                for pattern in &statement.action.patterns {
                    match &pattern.matcher {
                        ActionMatcher::Everything => is_any = true,
                        ActionMatcher::Split {
                            service_literal: Some(service),
                            ..
                        } => services.push(service.clone()),
                        ActionMatcher::Split {
                            service_literal: None,
                            ..
                        } => is_any = true,
                        ActionMatcher::Nothing => {}
                    }
                }
                if is_any {
                    any_service.push(place);
                } else {
                    crate::sort::sort(&mut services);
                    services.dedup();
                    specific.extend(services.into_iter().map(|service| (service, place)));
                }
            }
        }
        crate::sort::sort(&mut specific);
        let mut by_service: Vec<(Box<str>, Vec<Place>)> = Vec::new();
        for (service, place) in specific {
            match by_service.last_mut() {
                Some((last, places)) if **last == *service => places.push(place),
                _ => by_service.push((service.into_boxed_str(), alloc::vec![place])),
            }
        }
        for (_, places) in &mut by_service {
            places.extend(any_service.iter().copied());
            crate::sort::sort(places);
            places.dedup();
        }
        PolicyGroup {
            policies,
            by_service,
            any_service,
        }
    }

    /// The policies.
    pub fn policies(&self) -> &[Policy] {
        &self.policies
    }

    /// The statements that may concern `service` (lowercase), in order.
    pub(crate) fn candidates(&self, service: &str) -> &[Place] {
        match self
            .by_service
            .binary_search_by(|(probe, _)| (**probe).cmp(service))
        {
            Ok(idx) => self
                .by_service
                .get(idx)
                .map_or(&[], |(_, places)| places.as_slice()),
            Err(_) => &self.any_service,
        }
    }

    /// Whether the group holds no policy at all.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}
