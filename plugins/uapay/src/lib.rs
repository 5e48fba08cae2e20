//! STUB: the uapay plugin, to be written.
