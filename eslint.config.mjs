// ESLint flat config: typescript-eslint's recommended rules on every TypeScript source of the project.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/**", "dist/**", "dist.tmp-*/**", "coverage/**"] },
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
        // The few CommonJS files Node loads directly (jest.config.js, scripts/: the build and its freshness check).
        files: ["**/*.js"],
        languageOptions: {
            sourceType: "commonjs",
            globals: { module: "writable", require: "readonly", process: "readonly", __dirname: "readonly", __filename: "readonly" },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
