//! The entry point that trunk builds: it mounts the app on the page's `<body>`.

fn main() {
    yew::Renderer::<iamlab_web::App>::new().render();
}
