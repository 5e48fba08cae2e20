//! A plugin built against a (hypothetical) `revhost:provider@0.2.0`, while its
//! manifest claims 0.1.0: the host must refuse it, naming both versions.

#[cfg(target_family = "wasm")]
mod component {
    wit_bindgen::generate!({
        inline: "
            package revhost:provider@0.2.0;
            interface adapter {
                info: func() -> string;
            }
            world plugin {
                export adapter;
            }
        ",
        world: "plugin",
    });

    struct Future;

    impl exports::revhost::provider::adapter::Guest for Future {
        fn info() -> String {
            "from the future".into()
        }
    }

    export!(Future);
}
