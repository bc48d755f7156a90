// Placeholder until the workspace code lands.
