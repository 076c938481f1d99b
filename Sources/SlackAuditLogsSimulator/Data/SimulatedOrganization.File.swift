extension SimulatedOrganization {
    /// A file (including canvases).
    package struct File: Sendable, Hashable {
        /// The ID, `F0…`.
        package let id: String
        /// The file name, such as `q3-roadmap.pdf`.
        package let name: String
        /// The title.
        package let title: String
        /// Slack's file type, such as `pdf` or `quip`.
        package let filetype: String
    }
}
