public enum RuleEnginePlaceholder {}
