//! The exercises gallery: the classroom exercises in `exercises/` at the
//! repository root (`docs/exercise-format.md`), which trunk copies to
//! `dist/exercises/`. The page fetches one from its own site when it is
//! opened, as it does the examples. Both the main page's gallery and the
//! exercise page list them with [`exercise_cards`]: links into the exercise
//! page, so that the main page carries none of exercise mode's code.

/// One entry of the gallery.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ExerciseEntry {
    /// The file name in `exercises/`.
    pub(crate) file: &'static str,
    /// The exercise's title (a native test checks it against the file).
    pub(crate) title: &'static str,
    /// The topic.
    pub(crate) topic: &'static str,
    /// How hard, for the gallery's order: 1 (first steps) to 3.
    pub(crate) level: u8,
}

/// The cards of the exercises, each a link that opens it.
pub(crate) fn exercise_cards() -> yew::Html {
    EXERCISES
        .iter()
        .map(|entry| {
            let level = ["", "First steps", "Going further", "Advanced"][usize::from(entry.level.min(3))];
            yew::html! {
                <li class="example-card" key={entry.file}>
                    <span class="example-topic">{ entry.topic }</span>
                    <h3 class="example-title">{ entry.title }</h3>
                    <div class="example-foot">
                        <span class="hint">{ level }</span>
                        <a class="button primary" data-testid="open-exercise" data-exercise={entry.file}
                            href={format!("exercise.html#open={}", entry.file)}
                            aria-label={format!("Start the exercise {}", entry.title)}>{ "Start" }</a>
                    </div>
                </li>
            }
        })
        .collect()
}

/// Every exercise, from easy to hard.
pub(crate) static EXERCISES: [ExerciseEntry; 12] = [
    ExerciseEntry {
        file: "01-users-and-groups.json",
        title: "A group that reads the team's documents",
        topic: "Users & groups",
        level: 1,
    },
    ExerciseEntry {
        file: "02-least-privilege-arns.json",
        title: "Least privilege with resource ARNs",
        topic: "Least privilege",
        level: 1,
    },
    ExerciseEntry {
        file: "03-explicit-deny.json",
        title: "Nobody deletes the backups",
        topic: "Explicit deny",
        level: 1,
    },
    ExerciseEntry {
        file: "04-mfa.json",
        title: "Require MFA for everything but your password",
        topic: "MFA",
        level: 2,
    },
    ExerciseEntry {
        file: "05-ec2-app-role.json",
        title: "A role for an application on EC2",
        topic: "Roles",
        level: 2,
    },
    ExerciseEntry {
        file: "06-shared-responsibility.json",
        title: "What AWS enforces, and what your policy must do",
        topic: "Shared responsibility",
        level: 2,
    },
    ExerciseEntry {
        file: "07-predict-evaluation-order.json",
        title: "Predict first: the order of evaluation",
        topic: "Evaluation order",
        level: 2,
    },
    ExerciseEntry {
        file: "08-cross-account.json",
        title: "Share a bucket with another account",
        topic: "Cross-account",
        level: 3,
    },
    ExerciseEntry {
        file: "09-federation-session-policies.json",
        title: "Scope a session down with a session policy",
        topic: "Federation",
        level: 3,
    },
    ExerciseEntry {
        file: "10-permissions-boundary.json",
        title: "A permissions boundary for a developer",
        topic: "Permissions boundaries",
        level: 3,
    },
    ExerciseEntry {
        file: "11-scp-guardrails.json",
        title: "Guardrails with a service control policy",
        topic: "SCPs",
        level: 3,
    },
    ExerciseEntry {
        file: "12-abac-tags.json",
        title: "Attribute-based access control with tags",
        topic: "ABAC",
        level: 3,
    },
];

#[cfg(test)]
mod tests {
    use super::EXERCISES;

    #[test]
    fn the_gallery_lists_every_exercise_file_with_its_title() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../exercises");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("exercises/")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        files.sort();
        let listed: Vec<&str> = EXERCISES.iter().map(|e| e.file).collect();
        assert_eq!(files, listed);
        for entry in &EXERCISES {
            let text = std::fs::read_to_string(dir.join(entry.file)).expect("readable");
            let (_, session) = crate::model::exercise::open(&text).expect("opens");
            assert_eq!(session.exercise.title, entry.title, "{}", entry.file);
        }
    }
}
