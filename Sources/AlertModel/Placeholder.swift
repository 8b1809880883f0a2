public enum AlertModelPlaceholder {}
