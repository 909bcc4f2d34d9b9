//! Addresses and CIDR blocks for `IpAddress` and `NotIpAddress`.
//!
//! An address without a prefix is a /32 (or /128) block; bits after the
//! prefix are ignored (AWS: "Condition operators", IP address operators). An
//! IPv4 address never falls in an IPv6 block or the other way round;
//! IPv4-mapped IPv6 addresses stay IPv6 (spec §4.3).

use core::net::{Ipv4Addr, Ipv6Addr};
use core::str::FromStr;

/// A parsed CIDR block (or a single address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cidr {
    is_v6: bool,
    bits: u128,
    prefix: u8,
    /// Whether bits were set after the prefix (ignored, but worth a warning).
    pub has_host_bits: bool,
}

impl Cidr {
    /// Parses `address` or `address/prefix`.
    pub fn parse(text: &str) -> Option<Cidr> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => {
                if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (address, Some(prefix.parse::<u8>().ok()?))
            }
            None => (text, None),
        };
        let (is_v6, bits, width) = if let Ok(v4) = Ipv4Addr::from_str(address) {
            (false, u128::from(u32::from(v4)), 32u8)
        } else {
            let v6 = Ipv6Addr::from_str(address).ok()?;
            (true, u128::from(v6), 128u8)
        };
        let prefix = prefix.unwrap_or(width);
        if prefix > width {
            return None;
        }
        let mask = mask(width, prefix);
        Some(Cidr {
            is_v6,
            bits: bits & mask,
            prefix,
            has_host_bits: bits & !mask != 0,
        })
    }

    /// The prefix length (32 or 128 for a single address).
    pub fn prefix_len(&self) -> u8 {
        self.prefix
    }

    /// Whether this is an IPv6 block.
    pub fn is_v6(&self) -> bool {
        self.is_v6
    }

    /// The block as plain parts: IPv6 or not, the address bits, the
    /// prefix, and whether host bits were set.
    pub(crate) fn to_parts(self) -> (bool, u128, u8, bool) {
        (self.is_v6, self.bits, self.prefix, self.has_host_bits)
    }

    /// The block from [`Cidr::to_parts`].
    pub(crate) fn from_parts((is_v6, bits, prefix, has_host_bits): (bool, u128, u8, bool)) -> Cidr {
        Cidr {
            is_v6,
            bits,
            prefix,
            has_host_bits,
        }
    }

    /// Whether `address` (a block too: its network part) lies in this block.
    pub fn contains(&self, address: &Cidr) -> bool {
        if self.is_v6 != address.is_v6 || address.prefix < self.prefix {
            return false;
        }
        let width = if self.is_v6 { 128 } else { 32 };
        address.bits & mask(width, self.prefix) == self.bits
    }
}

fn mask(width: u8, prefix: u8) -> u128 {
    let full: u128 = if width == 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    if prefix == 0 {
        0
    } else {
        full & !((1u128 << (width - prefix)) - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(block: &str, address: &str, expected: bool) {
        let block = Cidr::parse(block).unwrap();
        let address = Cidr::parse(address).unwrap();
        assert_eq!(block.contains(&address), expected);
    }

    #[test]
    fn blocks() {
        check("203.0.113.0/24", "203.0.113.77", true);
        check("203.0.113.0/24", "203.0.114.1", false);
        check("203.0.113.5/24", "203.0.113.200", true);
        check("10.0.0.1", "10.0.0.1", true);
        check("10.0.0.1", "10.0.0.2", false);
        check(
            "2001:DB8:1234:5678::/64",
            "2001:db8:1234:5678:abcd::1",
            true,
        );
        check("203.0.113.0/24", "2001:db8::1", false);
        check("0.0.0.0/0", "1.2.3.4", true);
        check("::/0", "::1", true);
        assert!(Cidr::parse("1.2.3.4/33").is_none());
        assert!(Cidr::parse("nope").is_none());
        assert!(Cidr::parse("203.0.113.5/24").unwrap().has_host_bits);
    }
}
