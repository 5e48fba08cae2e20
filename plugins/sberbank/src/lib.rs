//! STUB: the sberbank plugin, to be written.
