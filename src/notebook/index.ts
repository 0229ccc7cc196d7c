/**
 * Notebooks: labelled outputs for the report, display helpers for tslab, and
 * the headless runner (`runNotebook`), which executes a notebook in a child
 * process with tslab's converter and executor, without Python or Jupyter.
 */
export * from "./ipynb";
export * from "./labels";
