//! Black-box tests of the simulator over real loopback HTTP.

mod admin;
mod cli;
mod common;
mod cryptomus;
mod faults;
mod prostodar;
mod sberbank;
mod uapay;
