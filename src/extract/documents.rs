//! Documents named by their titles: a title in quotation marks (「…」, 『…』, “…”, "…") whose
//! last word is a document head word (`document_heads.tsv`: 戦略, 声明, 宣言, Strategy,
//! Statement, …) is a Document.
