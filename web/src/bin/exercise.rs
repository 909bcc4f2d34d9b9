//! The entry point of the exercise page: it mounts the exercise app on the
//! page's `<body>`.

fn main() {
    yew::Renderer::<iamlab_web::ExerciseApp>::new().render();
}
