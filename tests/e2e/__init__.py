"""The real app in a real terminal (tmux), and random keys against it."""
