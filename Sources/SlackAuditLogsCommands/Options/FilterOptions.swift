import ArgumentParser

/// The `/logs` filters that `logs` and `collect` share: which actions, actor and entity to keep.
struct FilterOptions: ParsableArguments {
    @Option(name: .long, parsing: .singleValue, help: "Action name; repeat or separate with commas (at most 30).")
    var action: [String] = []

    @Option(help: "User ID of the actor.")
    var actor: String?

    @Option(help: "ID of the entity acted on.")
    var entity: String?

    /// The action names, with comma-separated lists split: `--action a,b --action c` gives `[a, b, c]`.
    var actions: [String] {
        action.flatMap { $0.split(separator: ",").map(String.init) }
    }
}
