//! What the creation hands the reveal: the key being shown, and the id of the heading that
//! names the key dialogs whichever step they show (the form, the rotation's steps, the reveal).

use secrecy::SecretString;

use crate::api::wire::CreatedKey;

/// Id of the heading that names the key dialogs, whichever step they show.
pub const KEY_DIALOG_TITLE: &str = "key-dialog-title";

/// A created key while it is being shown. Neither `Clone` nor `Debug`: the secret exists once,
/// and is zeroized when this is dropped.
pub struct RevealedKey {
    /// The label it was created with, for the field's name and the status message.
    pub label: String,
    /// The full key, moved here from the API's answer.
    pub secret: SecretString,
}

impl From<CreatedKey> for RevealedKey {
    fn from(created: CreatedKey) -> Self {
        Self {
            label: created.label,
            secret: created.api_key,
        }
    }
}
