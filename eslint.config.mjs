// ESLint flat config: typescript-eslint's recommended rules on every TypeScript source of the project.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/**", "dist/**", "coverage/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            "no-console": "off",
        },
    },
    {
        // The few CommonJS files Node loads directly (jest.config.js, plan/ts-register.js).
        files: ["**/*.js"],
        languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
