import { InvalidObjectError, objectRef } from "../../../scheduling/model/errors";

describe("InvalidObjectError", () => {
    test("its message is object: field: detail and it keeps each part", () => {
        const error = new InvalidObjectError("Node/aks-x", "status.allocatable.cpu", "invalid quantity");
        expect(error.message).toBe("Node/aks-x: status.allocatable.cpu: invalid quantity");
        expect([error.object, error.field, error.detail]).toEqual(["Node/aks-x", "status.allocatable.cpu", "invalid quantity"]);
        expect(error).toBeInstanceOf(Error);
    });
});

describe("objectRef", () => {
    test.each([
        [{ kind: "Pod", metadata: { name: "web-0", namespace: "shop" } }, "Pod", "Pod/shop/web-0"],
        [{ metadata: { name: "aks-x" } }, "Node", "Node/aks-x"],
        [{ kind: "Deployment", metadata: { name: "api", namespace: "" } }, "Pod", "Deployment/api"],
        [{}, "Pod", "Pod/<unnamed>"],
    ])("%j with default kind %s is %s", (obj, kind, ref) => {
        expect(objectRef(obj, kind)).toBe(ref);
    });
});
