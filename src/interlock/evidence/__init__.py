"""Evidence: what every enforcement point observed and decided, as records that can be trusted."""
