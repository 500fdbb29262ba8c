//! Tests of the TLS core (written next).
