//! What `/me` allows the tab to show: the keys, a full-tab notice, the account picker, or the
//! error that kept it from knowing.

use crate::api::wire::{Account, Me};
use crate::api::{ApiError, ErrorKind};

/// Why the tab cannot show its controls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The person is not a workspace admin of the account.
    NotAdmin {
        /// Account name, for the sentence that says whom to ask.
        account: String,
    },
    /// API keys are not enabled for the account.
    FeatureDisabled {
        /// Account name, for the sentence that says what to ask for.
        account: String,
    },
    /// Signed out, or the session expired (401).
    SignedOut(ApiError),
}

/// What the tab can show, once `/me` answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    /// `/me` failed; nothing about limits can be shown.
    Failed(ApiError),
    /// A multi-account session without an active account.
    PickAccount(Vec<Account>),
    /// Keys can't be managed here.
    Blocked(Blocked),
    /// An admin, feature on.
    Ready(Me),
}

impl Access {
    /// From `/me`'s answer.
    pub fn of(me: Result<Me, ApiError>) -> Self {
        match me {
            Ok(me) => Self::of_me(me),
            Err(error) if error.kind == ErrorKind::Unauthorized => {
                Self::Blocked(Blocked::SignedOut(error))
            }
            Err(error) => Self::Failed(error),
        }
    }

    /// Whether `me` lets the person manage its account's keys (what [`Access::Ready`] means).
    pub fn allows(me: &Me) -> bool {
        let must_pick = me.account.is_none()
            && me
                .available_accounts
                .as_ref()
                .is_some_and(|a| !a.is_empty());
        !must_pick && !me.keys_disabled() && me.is_admin()
    }

    /// Whether `error` in answer to `/me` says nothing about access (it is [`Access::Failed`]:
    /// asking again may work), unlike a 401.
    pub fn is_passing(error: &ApiError) -> bool {
        error.kind != ErrorKind::Unauthorized
    }

    fn of_me(me: Me) -> Self {
        if me.account.is_none() {
            if let Some(accounts) = me.available_accounts.clone().filter(|a| !a.is_empty()) {
                return Self::PickAccount(accounts);
            }
        }
        let account = me
            .account
            .as_ref()
            .map_or("this account", |a| a.display_name())
            .to_owned();
        if me.keys_disabled() {
            Self::Blocked(Blocked::FeatureDisabled { account })
        } else if !me.is_admin() {
            Self::Blocked(Blocked::NotAdmin { account })
        } else {
            Self::Ready(me)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::{decode, Envelope};

    /// `/me` from `json`; checks on the way that [`Access::allows`] says what [`Access::of`]
    /// decides, for every answer the tests read.
    fn me(json: &str) -> Me {
        let me = decode::<Envelope<Me>>(json).expect("parses").data;
        assert_eq!(
            Access::allows(&me),
            matches!(Access::of(Ok(me.clone())), Access::Ready(_)),
            "allows and of agree on {json}"
        );
        me
    }

    #[test]
    fn an_admin_with_the_feature_on_gets_the_keys() {
        let admin = me(
            r#"{"data":{"user":{"role":"admin"},"account":{"slug":"acme","name":"Acme"},
            "platform":{"api_keys":{"current_count":1,"max_allowed":10}}}}"#,
        );
        assert!(matches!(Access::of(Ok(admin)), Access::Ready(_)));
    }

    #[test]
    fn members_and_disabled_accounts_are_told_why() {
        let member = me(
            r#"{"data":{"user":{"role":"member"},"account":{"slug":"acme","name":"Acme"},
            "platform":{"api_keys":{"current_count":1,"max_allowed":10}}}}"#,
        );
        assert_eq!(
            Access::of(Ok(member)),
            Access::Blocked(Blocked::NotAdmin {
                account: "Acme".to_owned()
            })
        );
        // The feature being off is said first, even to a member: an admin couldn't help.
        let off = me(
            r#"{"data":{"user":{"role":"member"},"account":{"slug":"harbor"},
            "platform":{"api_keys":null}}}"#,
        );
        assert_eq!(
            Access::of(Ok(off)),
            Access::Blocked(Blocked::FeatureDisabled {
                account: "harbor".to_owned()
            })
        );
    }

    #[test]
    fn a_session_of_several_accounts_picks_one_first() {
        let unscoped = me(r#"{"data":{"user":{"role":null},
            "available_accounts":[{"id":1,"slug":"a"},{"id":2,"slug":"b"}]}}"#);
        match Access::of(Ok(unscoped)) {
            Access::PickAccount(accounts) => assert_eq!(accounts.len(), 2),
            other => panic!("expected the picker, got {other:?}"),
        }
    }

    #[test]
    fn a_401_means_signed_out_and_other_errors_fail() {
        let expired = ApiError::from_response(401, "", Some("req_1"), None);
        assert!(matches!(
            Access::of(Err(expired)),
            Access::Blocked(Blocked::SignedOut(e)) if e.request_id.as_deref() == Some("req_1")
        ));
        assert!(matches!(
            Access::of(Err(ApiError::network())),
            Access::Failed(_)
        ));
    }
}
