//! STUB: the prostodar plugin, to be written.
