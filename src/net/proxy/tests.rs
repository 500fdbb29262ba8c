//! Tests of the acceptor over real loopback sockets (the parser's tests
//! are beside it).
