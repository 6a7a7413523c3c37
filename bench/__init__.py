"""Speed and memory targets. `make bench` runs them all; each prints its figure beside its
target and beside a plain baseline measured in the same run."""
